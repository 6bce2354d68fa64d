package dev.escu.pssession.detection.spl;

import static dev.escu.pssession.detection.spl.Spl.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Anything outside the subset is refused with the first unsupported construct and where it stands. */
class UnsupportedSearchTest {

    private static final String STATS = " | stats count min(_time) as firstTime max(_time) as lastTime by dest";

    @Test
    void unsupportedCommandWithItsPosition() {
        String search = "ScriptBlockText=*x*" + STATS + " | where count > 5";
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).isEqualTo("unsupported command where");
        assertThat(refused.position()).isEqualTo(search.indexOf("where"));
    }

    @Test
    void unsupportedConstructInAMacroAtTheMacroCall() {
        Macros macros = Spl.MACROS.overriddenBy(List.of(new Macro("noisy_filter", List.of(), "search dest=x | table dest", "test")));
        String search = "ScriptBlockText=*x*" + STATS + " | `noisy_filter`";
        UnsupportedSearchException refused = refusal(search, macros);
        assertThat(refused.reason()).isEqualTo("unsupported command table (in macro `noisy_filter`)");
        assertThat(refused.position()).isEqualTo(search.indexOf("`noisy_filter`"));
    }

    @Test
    void constructInANestedMacroNamesTheChain() {
        Macros macros = Spl.MACROS.overriddenBy(List.of(
                new Macro("outer", List.of(), "`inner` EventCode=4104", "test"),
                new Macro("inner", List.of(), "index=win", "test")));
        String search = "`outer` ScriptBlockText=*x*" + STATS;
        UnsupportedSearchException refused = refusal(search, macros);
        assertThat(refused.reason()).isEqualTo("search modifier index is not supported (in macro `outer` -> `inner`)");
        assertThat(refused.position()).isZero();
    }

    @Test
    void byFieldThatEventsNeverCarry() {
        String search = "ScriptBlockText=*x* | stats count min(_time) as firstTime max(_time) as lastTime by dest process_name";
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).isEqualTo("BY field process_name is never carried by 4104 events (Splunk would return no rows)");
        assertThat(refused.position()).isEqualTo(search.indexOf("process_name"));
    }

    @Test
    void byFieldRenamedAwayBeforeStats() {
        assertThat(refusal("ScriptBlockText=*x* | rename Computer as host_name | stats count min(_time) as firstTime "
                + "max(_time) as lastTime by Computer").reason()).contains("BY field Computer is never carried");
    }

    @Test
    void missingMacro() {
        String search = "`sysmon` ScriptBlockText=*x*" + STATS;
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).isEqualTo("macro `sysmon` is not defined");
        assertThat(refused.position()).isZero();
    }

    @Test
    void missingFilterMacroWithArgumentsIsStillMissing() {
        assertThat(refusal("ScriptBlockText=*x*" + STATS + " | `x_filter(a)`").reason()).isEqualTo("macro `x_filter` is not defined");
    }

    @Test
    void macroCalledWithTheWrongNumberOfArguments() {
        assertThat(refusal("ScriptBlockText=*x*" + STATS + " | `security_content_ctime(firstTime, lastTime)`").reason())
                .isEqualTo("macro `security_content_ctime` takes [1] argument(s), called with 2");
    }

    @Test
    void macroCycle() {
        Macros macros = Spl.MACROS.overriddenBy(List.of(
                new Macro("a", List.of(), "`b`", "test"),
                new Macro("b", List.of(), "`a`", "test")));
        String search = "ScriptBlockText=*x* `a`" + STATS;
        UnsupportedSearchException refused = refusal(search, macros);
        assertThat(refused.reason()).startsWith("macro cycle: a -> b -> a");
        assertThat(refused.position()).isEqualTo(search.indexOf('`'));
    }

    @Test
    void macrosThatExpandWithoutBound() {
        List<Macro> doubling = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            doubling.add(new Macro("m" + i, List.of(), "`m" + (i + 1) + "` `m" + (i + 1) + "`", "test"));
        }
        doubling.add(new Macro("m24", List.of(), "ScriptBlockText=*x*", "test"));
        assertThat(refusal("`m0`" + STATS, Spl.MACROS.overriddenBy(doubling)).reason())
                .startsWith("the search expands to more than 262144 characters");
    }

    @Test
    void macrosNestedTooDeep() {
        List<Macro> chain = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            chain.add(new Macro("n" + i, List.of(), "`n" + (i + 1) + "`", "test"));
        }
        chain.add(new Macro("n40", List.of(), "ScriptBlockText=*x*", "test"));
        assertThat(refusal("`n0`" + STATS, Spl.MACROS.overriddenBy(chain)).reason()).startsWith("macros nested deeper than 32");
    }

    @Test
    void megabyteSearch() {
        String search = "ScriptBlockText=*x* " + "ScriptBlockText=*y* ".repeat(60_000) + STATS;
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).startsWith("the search has " + search.length() + " characters, more than the limit");
        assertThat(refused.position()).isZero();
    }

    @Test
    void deepParentheses() {
        String search = "(".repeat(500) + "ScriptBlockText=*x*" + ")".repeat(500) + STATS;
        assertThat(refusal(search).reason()).contains("nested deeper than");
    }

    @Test
    void keywordsSearchTheRawText() {
        String search = "ScriptBlockText=*x* mimikatz" + STATS;
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).contains("'mimikatz' has no field");
        assertThat(refused.position()).isEqualTo(search.indexOf("mimikatz"));
        assertThat(refusal("ScriptBlockText=*x* \"some phrase\"" + STATS).reason()).contains("quoted phrase");
    }

    @Test
    void lowerCaseBooleanWordsAreKeywords() {
        assertThat(refusal("ScriptBlockText=*x* or ScriptBlockText=*y*" + STATS).reason()).contains("'or' has no field");
    }

    @Test
    void comparisonsAndSubsearches() {
        assertThat(refusal("EventCode>4000" + STATS).reason()).isEqualTo("comparison operator '>'");
        assertThat(refusal("ScriptBlockText=*x* [search index=a]" + STATS).reason()).isEqualTo("subsearch");
    }

    @Test
    void aSubsearchLaterDoesNotHideAnEarlierUnsupportedCommand() {
        // ESCU.md: the reason is the first unsupported command or construct, with its position
        String search = "ScriptBlockText=*x* | where ScriptBlockText=\"*y*\"" + STATS + " | search dest IN [| inputlookup hosts.csv]";
        assertRefused(search, "unsupported command where", search.indexOf("where"));
    }

    @Test
    void aSubsearchInALaterCommandIsReportedWhereItStands() {
        for (String search : List.of(
                "ScriptBlockText=*x*" + STATS + " | search dest=[| inputlookup hosts.csv | fields dest]",
                "ScriptBlockText=*x* | stats count min(_time) as firstTime max(_time) as lastTime [| inputlookup by.csv]",
                "ScriptBlockText=*x* | fillnull [| inputlookup defaults.csv]" + STATS,
                "ScriptBlockText=*x* dest[0]=x" + STATS,
                "ScriptBlockText=*x*" + STATS + " | [| inputlookup hosts.csv]")) {
            assertRefused(search, "subsearch", search.indexOf('['));
        }
    }

    @Test
    void caseAndTermDirectivesAreRefusedAsSuch() {
        // Search Manual, "Use CASE() and TERM() to match phrases": host=CASE(LOCALHOST) matches case-sensitively;
        // a bare value ending at the parenthesis would read it as dest="CASE" AND (...)
        String search = "ScriptBlockText=*x* dest=CASE(EventCode=4104)" + STATS;
        assertRefused(search, "the CASE() directive is not supported", search.indexOf("CASE"));
        String term = "ScriptBlockText=*x* dest IN (a, TERM(b.c))" + STATS;
        assertRefused(term, "the TERM() directive is not supported", term.indexOf("TERM"));
        String keyword = "ScriptBlockText=*x* TERM(10.0.0.1)" + STATS;
        assertRefused(keyword, "the TERM() directive is not supported", keyword.indexOf("TERM"));
    }

    @Test
    void statsFunctionsOutsideTheSubset() {
        assertThat(refusal("ScriptBlockText=*x* | stats count min(_time) as firstTime max(_time) as lastTime "
                + "list(ScriptBlockText) as command by dest").reason()).isEqualTo("stats function list(ScriptBlockText) is not supported");
        assertThat(refusal("ScriptBlockText=*x* | stats values(Score) by dest").reason()).isEqualTo("stats function values(Score) is not supported");
        assertThat(refusal("ScriptBlockText=*x* | stats dc(dest) as n by user_id").reason()).isEqualTo("stats function dc(dest) is not supported");
        assertThat(refusal("ScriptBlockText=*x* | stats count by dest").reason()).isEqualTo("stats needs count, min(_time) and max(_time), each once");
    }

    @Test
    void byTime() {
        assertThat(refusal("ScriptBlockText=*x* | stats count min(_time) as firstTime max(_time) as lastTime by _time dest").reason())
                .isEqualTo("BY _time (a row per timestamp) is not supported");
    }

    @Test
    void generatingCommand() {
        assertThat(refusal("| tstats count from datamodel=Endpoint.Processes by Processes.dest").reason())
                .isEqualTo("generating command tstats (the search does not start with search terms)");
    }

    @Test
    void evalBeyondTheSimpleShapes() {
        UnsupportedSearchException refused = refusal("ScriptBlockText=*x* | eval s = substr(ScriptBlockText,0,256)" + STATS);
        assertThat(refused.reason()).isEqualTo("eval function substr() is not supported");
        assertThat(refusal("ScriptBlockText=*x* | eval DoIt = if(match(ScriptBlockText,\"(?i)(\\$doit)\"), \"4\", 0)" + STATS).reason())
                .isEqualTo("eval function if() is not supported");
    }

    @Test
    void regexThatJavaReadsDifferently() {
        assertThat(refusal("ScriptBlockText=*x* | regex ScriptBlockText=\"\\bfoo\\b\"" + STATS).reason())
                .contains("\\b (Java 17 finds word boundaries with Unicode letters)");
        assertThat(refusal("ScriptBlockText=*x* | regex ScriptBlockText=\"(?i)foo\"" + STATS).reason()).contains("(?i)");
        assertThat(refusal("ScriptBlockText=*x* | regex ScriptBlockText=\"C:\\\\\\\\temp\"" + STATS).reason()).contains("\\\\");
        assertThat(refusal("ScriptBlockText=*x* | regex \"foo\"" + STATS).reason()).contains("_raw");
    }

    @Test
    void renameWithWildcards() {
        assertThat(refusal("ScriptBlockText=*x* | rename Script* as S*" + STATS).reason()).isEqualTo("rename with a wildcard");
    }

    @Test
    void convertWithAnotherFormat() {
        assertThat(refusal("ScriptBlockText=*x*" + STATS + " | convert timeformat=\"%m/%d/%Y\" ctime(firstTime)").reason())
                .startsWith("convert timeformat other than");
        assertThat(refusal("ScriptBlockText=*x*" + STATS + " | convert ctime(firstTime)").reason()).startsWith("ctime without timeformat");
    }

    @Test
    void noStats() {
        assertThat(refusal("ScriptBlockText=*x* | fillnull").reason()).isEqualTo("the search has no stats command");
    }

    @Test
    void fillnullWithArguments() {
        assertThat(refusal("ScriptBlockText=*x* | fillnull value=NULL" + STATS).reason()).isEqualTo("fillnull with arguments");
    }

    @Test
    void escapedWildcardHasNoDocumentedMeaning() {
        assertThat(refusal("ScriptBlockText=\"*a\\*b*\"" + STATS).reason()).contains("\\* has no documented meaning");
    }

    private static void assertRefused(String search, String reason, int position) {
        UnsupportedSearchException refused = refusal(search);
        assertThat(refused.reason()).as(search).isEqualTo(reason);
        assertThat(refused.position()).as(search).isEqualTo(position);
    }
}
