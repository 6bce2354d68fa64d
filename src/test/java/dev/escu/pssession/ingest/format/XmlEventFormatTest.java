package dev.escu.pssession.ingest.format;

import static dev.escu.pssession.ingest.format.CollectingSink.parse;
import static dev.escu.pssession.ingest.format.CollectingSink.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;


class XmlEventFormatTest {

    private final XmlEventFormat xml = new XmlEventFormat(ParseLimits.DEFAULT);
    /** With the early reject, as the service runs it. */
    private final EventFormat early = new Prefiltered(new XmlEventFormat(ParseLimits.DEFAULT),
            dev.escu.pssession.support.TestDetections.seed().prefilter());

    @Test
    void readsTheFourSampleEventsBySplittingOnStructureNotLines() {
        CollectingSink sink = parse(xml, resource("samples/powershell-4104.xml"));
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void takesEachFieldFromWhereTheAddOnTakesIt() {
        var fields = parse(xml, resource("samples/powershell-4104.xml")).fields(0);
        assertThat(fields)
                .containsEntry("Computer", "LAPTOP-ADM-11.contoso.local")
                .containsEntry("Channel", "Microsoft-Windows-PowerShell/Operational")
                .containsEntry("EventID", "4104")
                .containsEntry("Opcode", "15")
                .containsEntry("Level", "5")
                .containsEntry("Task", "2")
                .containsEntry("Keywords", "0x0")
                .containsEntry("EventRecordID", "88121")
                .containsEntry("SystemTime", "2026-03-02T08:14:55.41720300Z")
                .containsEntry("ProcessID", "6120")
                .containsEntry("ThreadID", "7001")
                .containsEntry("UserID", "S-1-5-21-3623811015-3361044348-30300820-1013")
                .containsEntry("Name", "Microsoft-Windows-PowerShell")
                .containsEntry("Guid", "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}")
                .containsEntry("MessageNumber", "1")
                .containsEntry("MessageTotal", "1")
                .containsEntry("ScriptBlockId", "3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21")
                .containsEntry("ScriptBlockText", "Enter-PSSession -ComputerName SQL02.contoso.local")
                .containsEntry("Path", "");
    }

    @Test
    void takesTheSourceFromTheChannelAsAnEventField() {
        // Splunk's ta-windows-fix-xml-source transform: an event field, so it wins over any sender's source
        var event = parse(xml, resource("samples/powershell-4104.xml")).accepted.get(0).event();
        assertThat(event.fields()).containsEntry("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational");
    }

    @Test
    void anEventWithoutAChannelHasTheSourceOfAnEmptyChannelNotNoSource() {
        // DETECTION.md step 1: an XML event's source is "XmlWinEventLog:" + its <Channel> text; only
        // an event with no source at all (plain JSON) is taken as PowerShell Operational
        String channel = "<Channel>Microsoft-Windows-PowerShell/Operational</Channel>";
        String script = "Enter-PSSession -ComputerName x";
        for (String variant : new String[] {"", "<Channel/>", "<Channel></Channel>"}) {
            var event = parse(xml, event(script).replace(channel, variant)).accepted.get(0).event();
            assertThat(event.fields()).as(variant).doesNotContainKey("source");
            assertThat(event.derived()).as(variant).containsEntry("source", "XmlWinEventLog:");
        }
    }

    @Test
    void keepsCarriageReturnsAndLineBreaksOfAMultiLineScript() {
        var fields = parse(xml, resource("samples/powershell-4104.xml")).fields(2);
        assertThat(fields.get("ScriptBlockText")).isEqualTo(
                "$servers = Get-Content .\\hosts.txt\r\nforeach ($s in $servers) {\r\n  Enter-PSSession -ComputerName $s -Credential $cred\r\n}");
        assertThat(fields.get("Path")).isEqualTo("D:\\agent\\scripts\\connect-all.ps1");
    }

    @Test
    void decodesEntitiesInScriptText() {
        String event = event("if ($a -lt 1 &amp;&amp; $b) { &quot;x&quot; } &lt;# c #&gt; &#x41;&#66;");
        assertThat(parse(xml, event).fields(0).get("ScriptBlockText")).isEqualTo("if ($a -lt 1 && $b) { \"x\" } <# c #> AB");
    }

    @Test
    void readsEventsConcatenatedWithoutLineBreaks() {
        CollectingSink sink = parse(xml, event("one") + event("two") + event("three"));
        assertThat(sink.accepted).hasSize(3);
        assertThat(sink.fields(2).get("ScriptBlockText")).isEqualTo("three");
    }

    /**
     * Files that each begin with a byte order mark (PowerShell 5.1's Out-File -Encoding utf8), joined
     * with cat, or a Kafka record written the same way: a mark between events is no event of its own,
     * and takes no index from the events after it.
     */
    @Test
    void readsEventsOfConcatenatedFilesThatEachBeginWithAByteOrderMark() {
        String bom = "\uFEFF";
        CollectingSink sink = parse(xml, bom + event("one") + "\r\n" + bom + event("two") + "\r\n" + bom + "<Events>"
                + event("three") + "</Events>");
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 1, 2);
        // bytes EF BB (two thirds of a mark), and a whole mark with text after it, are text outside an event
        for (byte[] between : new byte[][] {{(byte) 0xEF, (byte) 0xBB}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x'}}) {
            byte[] one = event("one").getBytes(StandardCharsets.UTF_8);
            byte[] two = event("two").getBytes(StandardCharsets.UTF_8);
            ByteBuffer body = ByteBuffer.allocate(one.length + between.length + two.length).put(one).put(between).put(two);
            assertThat(parse(xml, body.array()).rejected).as("not a whole mark alone").hasSize(1);
        }
    }

    @Test
    void readsEventsInsideOneWrapperElementWithADeclaration() {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n" + event("one") + "\n" + event("two") + "\n</Events>\n";
        CollectingSink sink = parse(xml, body);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted).hasSize(2);
    }

    @Test
    void readsPrefixedEventsWhoseNamespaceIsDeclaredOnTheWrapper() {
        String body = "<ev:Events xmlns:ev='http://schemas.microsoft.com/win/2004/08/events/event'>"
                + "<ev:Event><ev:System><ev:EventID>4104</ev:EventID><ev:Computer>H</ev:Computer></ev:System>"
                + "<ev:EventData><ev:Data Name='ScriptBlockText'>x</ev:Data></ev:EventData></ev:Event></ev:Events>";
        CollectingSink sink = parse(xml, body);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields(0)).containsEntry("Computer", "H").containsEntry("ScriptBlockText", "x");
    }

    @Test
    void toleratesCommentsAndCdata() {
        String body = "<!-- exported -->" + event("<![CDATA[Enter-PSSession -ComputerName <x>]]>") + "<!-- end -->";
        CollectingSink sink = parse(xml, body);
        assertThat(sink.fields(0).get("ScriptBlockText")).isEqualTo("Enter-PSSession -ComputerName <x>");
    }

    @Test
    void rejectsAMalformedEventAndReadsTheNextOne() {
        String broken = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>4104</EventID>"
                + "<Computer>A</Computer></System><EventData><Data Name='ScriptBlockText'>a & b</Data></EventData></Event>";
        CollectingSink sink = parse(xml, event("first") + "\n" + broken + "\n" + event("third"));
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 2);
        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.reason()).startsWith("Malformed XML event");
        });
    }

    @Test
    void rejectsAnUnclosedEventAndResynchronisesOnTheNext() {
        String unclosed = "<Event><System><EventID>4104</EventID>";
        CollectingSink sink = parse(xml, unclosed + event("next"));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.index()).isZero());
        assertThat(sink.accepted).singleElement().satisfies(a -> {
            assertThat(a.index()).isEqualTo(1);
            assertThat(a.event().fields()).containsEntry("ScriptBlockText", "next");
        });
    }

    @Test
    void rejectsABodyThatEndsInsideAnEvent() {
        byte[] whole = resource("samples/powershell-4104.xml");
        String text = new String(whole, StandardCharsets.UTF_8);
        int third = text.indexOf("<Event ", text.indexOf("<Event ", text.indexOf("<Event ") + 1) + 1);
        CollectingSink sink = parse(xml, text.substring(0, third + 300));
        assertThat(sink.accepted).hasSize(2);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("ends inside"));
    }

    @Test
    void rejectsTextAndForeignElementsBetweenEvents() {
        CollectingSink sink = parse(xml, "<Events>" + event("a") + "garbage<Foo>bar</Foo>" + event("b") + "</Events>");
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 3);
        assertThat(sink.rejected).extracting(CollectingSink.Rejected::index).containsExactly(1, 2);
        assertThat(sink.rejected.get(1).reason()).contains("found <Foo>");
    }

    @Test
    void refusesADoctypeAndSoEveryEntityDeclaration() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE Event [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + "<Event><EventData><Data Name='ScriptBlockText'>&xxe;</Data></EventData></Event>";
        assertThatThrownBy(() -> parse(xml, xxe)).isInstanceOf(UnusableBodyException.class)
                .hasMessageContaining("DOCTYPE");
        String laughs = "<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]><Event>&lol2;</Event>";
        assertThatThrownBy(() -> parse(xml, laughs)).isInstanceOf(UnusableBodyException.class);
    }

    @Test
    void rejectsAnUndeclaredEntityInOneEventOnly() {
        CollectingSink sink = parse(xml, event("&xxe;") + event("ok"));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.index()).isZero());
        assertThat(sink.accepted).singleElement().satisfies(a -> assertThat(a.index()).isEqualTo(1));
    }

    @Test
    void rejectsAnEventLargerThanTheLimitWithoutHoldingIt() {
        XmlEventFormat small = new XmlEventFormat(new ParseLimits(2048, 32, 100_000, 100));
        CollectingSink sink = parse(small, event("x".repeat(5000)) + event("ok"));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("larger than 2048"));
        assertThat(sink.accepted).singleElement().satisfies(a -> assertThat(a.index()).isEqualTo(1));
    }

    @Test
    void rejectsAnEventNestedTooDeeply() {
        String deep = "<a>".repeat(50) + "</a>".repeat(50);
        CollectingSink sink = parse(xml, "<Event>" + deep + "</Event>" + event("ok"));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("deeper"));
        assertThat(sink.accepted).hasSize(1);
    }

    @Test
    void refusesMoreEventsThanTheLimit() {
        XmlEventFormat few = new XmlEventFormat(new ParseLimits(1 << 20, 32, 100_000, 2));
        assertThatThrownBy(() -> parse(few, event("a") + event("b") + event("c")))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("more than 2 events");
    }

    @Test
    void keepsControlCharactersThatXmlForbidsSoTheyCannotHideAScript() {
        CollectingSink sink = parse(xml, event("Enter-PSSession\u0001 -ComputerName&#x1b;x&#2;y&#x9;z"));
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields(0).get("ScriptBlockText")).isEqualTo("Enter-PSSession\u0001 -ComputerName\u001bx\u0002y\tz");
    }

    @Test
    void stillRejectsReferencesToNonCharacters() {
        CollectingSink sink = parse(xml, event("a&#xFFFE;b") + event("ok"));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.index()).isZero());
    }

    @Test
    void skipsEventsThatCannotMatchWithoutParsingThem() {
        CollectingSink sink = parse(early, resource("samples/powershell-4104.xml"));
        assertThat(sink.skipped).containsExactly(1, 3);
        assertThat(sink.accepted).extracting(CollectingSink.Accepted::index).containsExactly(0, 2);
        CollectingSink escaped = parse(early, event("&#x45;nter-PSSession -ComputerName x"));
        assertThat(escaped.fields(0).get("ScriptBlockText")).isEqualTo("Enter-PSSession -ComputerName x");
    }

    @Test
    void readsInFullAnEventWhoseTermsACdataSectionOrCommentCouldSplit() {
        for (String script : new String[] {"Enter-PS<![CDATA[Session]]> -ComputerName x",
                "Enter-PS<!-- split -->Session -Computer<!---->Name x"}) {
            CollectingSink sink = parse(early, event(script));
            assertThat(sink.skipped).as(script).isEmpty();
            assertThat(sink.fields(0)).as(script).isEqualTo(parse(xml, event(script)).fields(0));
        }
        assertThat(parse(early, event("Enter-PS<![CDATA[Session]]> -ComputerName x")).fields(0).get("ScriptBlockText"))
                .isEqualTo("Enter-PSSession -ComputerName x");
    }

    @Test
    void rejectsAMalformedReferenceEvenInAnEventThatCannotMatch() {
        for (String script : new String[] {"Get-Date A&B", "Get-Date &nbsp;", "Get-Date &amp"}) {
            CollectingSink sink = parse(early, event(script));
            assertThat(sink.skipped).as(script).isEmpty();
            assertThat(sink.rejected).as(script).singleElement()
                    .isEqualTo(parse(xml, event(script)).rejected.get(0));
        }
        CollectingSink wellFormed = parse(early, event("Get-Date &amp; &lt;x&gt; &quot;a&apos;"));
        assertThat(wellFormed.skipped).containsExactly(0);
    }

    @Test
    void treatsAnEmptyElementAsAnEmptyField() {
        var fields = parse(xml, resource("samples/powershell-4104.xml")).fields(0);
        assertThat(fields.get("Path")).isEmpty();
    }

    static String event(String scriptText) {
        return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/>"
                + "<EventID>4104</EventID><Opcode>15</Opcode><TimeCreated SystemTime='2026-03-02T08:14:55.41720300Z'/>"
                + "<EventRecordID>1</EventRecordID><Execution ProcessID='1' ThreadID='2'/>"
                + "<Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>HOST</Computer>"
                + "<Security UserID='S-1-5-18'/></System><EventData><Data Name='ScriptBlockText'>" + scriptText
                + "</Data><Data Name='Path'></Data></EventData></Event>";
    }
}
