package dev.escu.pssession.detection.spl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Macros expand textually before the search is parsed. */
class MacroExpansionTest {

    private static String expand(String search, Macro... macros) throws UnsupportedSearchException {
        return MacroExpander.expand(search, Macros.of(List.of(macros)), SearchLimits.DEFAULT).text();
    }

    @Test
    void fillsArgumentsByPosition() throws Exception {
        Macro macro = new Macro("between", List.of("field", "low"), "$field$>$low$", "test");
        assertThat(expand("a `between(count, 5)` b", macro)).isEqualTo("a count>5 b");
    }

    @Test
    void fillsArgumentsByName() throws Exception {
        Macro macro = new Macro("between", List.of("field", "low"), "$field$>$low$", "test");
        assertThat(expand("`between(low=5, field=count)`", macro)).isEqualTo("count>5");
    }

    @Test
    void keepsQuotedArgumentsAsWrittenCommasIncluded() throws Exception {
        Macro macro = new Macro("is", List.of("value"), "ScriptBlockText=$value$", "test");
        assertThat(expand("`is(\"*a, b*\")`", macro)).isEqualTo("ScriptBlockText=\"*a, b*\"");
    }

    @Test
    void expandsMacrosInsideMacros() throws Exception {
        assertThat(expand("`outer`", new Macro("outer", List.of(), "x `inner` y", "t"), new Macro("inner", List.of(), "i", "t")))
                .isEqualTo("x i y");
    }

    @Test
    void leavesBackticksInQuotedValuesAlone() throws Exception {
        assertThat(expand("ScriptBlockText=\"*`nothing`*\"")).isEqualTo("ScriptBlockText=\"*`nothing`*\"");
    }

    @Test
    void aMissingFilterMacroKeepsEverything() throws Exception {
        assertThat(expand("x | `my_detection_filter`")).isEqualTo("x | search *");
    }

    @Test
    void tellsWhereExpandedTextCameFrom() throws Exception {
        ExpandedSearch expanded = MacroExpander.expand("a `m` b", Macros.of(List.of(new Macro("m", List.of(), "xyz", "t"))),
                SearchLimits.DEFAULT);
        assertThat(expanded.text()).isEqualTo("a xyz b");
        assertThat(expanded.originOf(0)).isZero();
        assertThat(expanded.originOf(3)).isEqualTo(2);
        assertThat(expanded.macroOf(3)).isEqualTo("`m`");
        assertThat(expanded.originOf(6)).isEqualTo(6);
        assertThat(expanded.macroOf(6)).isNull();
    }

    @Test
    void laterMacrosOverrideEarlierOnesOfTheSameNameAndArity() {
        Macros bundled = Macros.of(List.of(new Macro("powershell", List.of(), "bundled", "b")));
        Macros merged = bundled.overriddenBy(List.of(new Macro("powershell", List.of(), "folder", "f")));
        assertThat(merged.find("powershell", 0)).hasValueSatisfying(m -> assertThat(m.definition()).isEqualTo("folder"));
    }
}
