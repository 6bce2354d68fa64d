package dev.escu.pssession.detection.spl;

import static dev.escu.pssession.detection.spl.Events.event;
import static dev.escu.pssession.detection.spl.Events.text;
import static dev.escu.pssession.detection.spl.Spl.keeps;
import static dev.escu.pssession.detection.spl.Spl.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The first search command: Splunk's boolean expressions, one rule per test. */
class SearchCommandTest {

    @Test
    void orBindsTighterThanJuxtaposition() throws Exception {
        // a b OR c  ==  a AND (b OR c)
        String search = "ScriptBlockText=*aa* ScriptBlockText=*bb* OR ScriptBlockText=*cc*";
        assertThat(where(search).spl()).isEqualTo("(ScriptBlockText=\"*aa*\") AND ((ScriptBlockText=\"*bb*\") OR (ScriptBlockText=\"*cc*\"))");
        assertThat(keeps(search, text("cc"))).isFalse();
        assertThat(keeps(search, text("aa cc"))).isTrue();
    }

    @Test
    void orBindsTighterThanAFollowingTerm() throws Exception {
        // a OR b c  ==  (a OR b) AND c
        String search = "ScriptBlockText=*aa* OR ScriptBlockText=*bb* ScriptBlockText=*cc*";
        assertThat(keeps(search, text("aa"))).isFalse();
        assertThat(keeps(search, text("bb cc"))).isTrue();
    }

    @Test
    void orBindsTighterThanExplicitAnd() throws Exception {
        String search = "ScriptBlockText=*aa* AND ScriptBlockText=*bb* OR ScriptBlockText=*cc*";
        assertThat(keeps(search, text("cc"))).isFalse();
        assertThat(keeps(search, text("aa cc"))).isTrue();
    }

    @Test
    void notBindsTighterThanOr() throws Exception {
        String search = "NOT ScriptBlockText=*aa* OR ScriptBlockText=*bb*";
        assertThat(keeps(search, text("aa bb"))).isTrue();
        assertThat(keeps(search, text("aa"))).isFalse();
        assertThat(keeps(search, text("zz"))).isTrue();
    }

    @Test
    void notWithParenthesesNegatesTheGroup() throws Exception {
        String search = "ScriptBlockText=*Cryptography* AND NOT(ScriptBlockText IN (\"*SHA*\", \"*MD5*\"))";
        assertThat(keeps(search, text("System.Security.Cryptography.AES"))).isTrue();
        assertThat(keeps(search, text("System.Security.Cryptography.MD5"))).isFalse();
    }

    @Test
    void parenthesesGroupFirst() throws Exception {
        String search = "(ScriptBlockText=*aa* OR ScriptBlockText=*bb*) AND (ScriptBlockText=*cc*)";
        assertThat(keeps(search, text("bb cc"))).isTrue();
        assertThat(keeps(search, text("aa"))).isFalse();
    }

    @Test
    void inMatchesAnyValueAndIgnoresEmptyItems() throws Exception {
        String search = "ScriptBlockText IN (,\"*auth *\",*req*,)";
        assertThat(where(search)).isEqualTo(new SearchExpression.FieldIn("ScriptBlockText",
                java.util.List.of(new WildcardValue("*auth *"), new WildcardValue("*req*"))));
        assertThat(keeps(search, text("certify REQ x"))).isTrue();
        assertThat(keeps(search, text("nothing"))).isFalse();
    }

    @Test
    void notKeepsEventsWithoutTheField() throws Exception {
        assertThat(keeps("NOT Path=*temp*", event().build())).isTrue();
        assertThat(keeps("NOT Path=*temp*", event().with("Path", "C:\\Temp\\a.ps1").build())).isFalse();
    }

    @Test
    void notEqualsNeedsTheField() throws Exception {
        assertThat(keeps("Path!=*temp*", event().build())).isFalse();
        assertThat(keeps("Path!=*temp*", event().with("Path", "C:\\x.ps1").build())).isTrue();
        assertThat(keeps("Path!=*temp*", event().with("Path", "C:\\temp\\x.ps1").build())).isFalse();
    }

    @Test
    void wildcardAloneMeansTheFieldIsPresent() throws Exception {
        assertThat(keeps("Path=*", event().with("Path", "x").build())).isTrue();
        assertThat(keeps("Path=*", event().build())).isFalse();
        assertThat(keeps("NOT Path=*", event().build())).isTrue();
    }

    @Test
    void spacesAroundTheEqualsSign() throws Exception {
        assertThat(keeps("ScriptBlockText = \"*aa*\"", text("aa"))).isTrue();
        assertThat(keeps("ScriptBlockText= \"*aa*\"", text("aa"))).isTrue();
        assertThat(keeps("ScriptBlockText =\"*aa*\"", text("aa"))).isTrue();
    }

    @Test
    void prefixOnlyValue() throws Exception {
        assertThat(keeps("ScriptBlockText=\"Get-*\"", text("get-process"))).isTrue();
        assertThat(keeps("ScriptBlockText=\"Get-*\"", text("x get-process"))).isFalse();
    }

    @Test
    void exactValue() throws Exception {
        assertThat(keeps("ScriptBlockText=Get-GPPPassword", text("GET-GPPPASSWORD"))).isTrue();
        assertThat(keeps("ScriptBlockText=Get-GPPPassword", text("Get-GPPPassword -x"))).isFalse();
    }

    @Test
    void suffixValue() throws Exception {
        assertThat(keeps("Path=\"*.ps1\"", event().with("Path", "C:\\A.PS1").build())).isTrue();
        assertThat(keeps("Path=\"*.ps1\"", event().with("Path", "C:\\a.ps1.txt").build())).isFalse();
    }

    @Test
    void orderedInnerWildcard() throws Exception {
        assertThat(keeps("ScriptBlockText=\"*New-Object*WebClient*\"", text("new-object net.webclient"))).isTrue();
        assertThat(keeps("ScriptBlockText=\"*New-Object*WebClient*\"", text("WebClient New-Object"))).isFalse();
    }

    @Test
    void escapedBackslashIsOneBackslash() throws Exception {
        String search = "ScriptBlockText=\"*\\\\Microsoft\\\\Windows Defender*\"";
        assertThat(where(search)).isEqualTo(new SearchExpression.FieldComparison("ScriptBlockText", false,
                new WildcardValue("*\\Microsoft\\Windows Defender*")));
        assertThat(keeps(search, text("rmdir C:\\ProgramData\\Microsoft\\Windows Defender"))).isTrue();
    }

    @Test
    void escapedQuoteIsAQuote() throws Exception {
        String search = "ScriptBlockText=\"*say \\\"hi\\\"*\"";
        assertThat(keeps(search, text("say \"hi\" now"))).isTrue();
    }

    @Test
    void unknownBackslashSequencesStayAsWritten() throws Exception {
        assertThat(where("ScriptBlockText=\"*a\\sb*\"")).isEqualTo(new SearchExpression.FieldComparison("ScriptBlockText", false,
                new WildcardValue("*a\\sb*")));
    }

    @Test
    void unquotedValueEndsAtWhitespaceOrParenthesis() throws Exception {
        String search = "(source=WinEventLog:Microsoft-Windows-PowerShell/Operational)";
        assertThat(where(search)).isEqualTo(new SearchExpression.FieldComparison("source", false,
                new WildcardValue("WinEventLog:Microsoft-Windows-PowerShell/Operational")));
        assertThat(keeps(search, event().with("source", "wineventlog:microsoft-windows-powershell/operational").build())).isTrue();
    }

    @Test
    void fieldNamesAreCaseSensitive() throws Exception {
        assertThat(keeps("scriptblocktext=*aa*", text("aa"))).isFalse();
    }

    @Test
    void searchesSpanLines() throws Exception {
        String search = "`powershell` EventCode=4104\n  (ScriptBlockText=\"*aa*\"\n   OR ScriptBlockText=\"*bb*\")\n| fillnull\n"
                + "| stats count min(_time) as firstTime max(_time) as lastTime\n  BY dest\n| `security_content_ctime(firstTime)`";
        CompiledSearch compiled = Spl.compile(search);
        assertThat(compiled.keeps(text("x\nbb"))).isTrue();
        assertThat(compiled.keeps(text("x"))).isFalse();
    }

    @Test
    void matchesTheWholeFamilyShapeOnOneLine() throws Exception {
        CompiledSearch compiled = Spl.compile("`powershell` EventCode=4104 (ScriptBlockText=\"*Enter-PSSession*\" AND "
                + "ScriptBlockText=\"*-ComputerName*\") | fillnull | stats count min(_time) as firstTime max(_time) as lastTime "
                + "BY dest user_id | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `x_filter`");
        assertThat(compiled.keeps(text("enter-pssession -computername srv"))).isTrue();
        assertThat(compiled.keeps(event().with("source", "WinEventLog:Security").with("ScriptBlockText",
                "Enter-PSSession -ComputerName x").build())).isFalse();
        assertThat(compiled.keeps(event().with("EventCode", "4103").with("ScriptBlockText",
                "Enter-PSSession -ComputerName x").build())).isFalse();
    }

    @Test
    void aSourcelessEventCountsAsPowerShellOperational() throws Exception {
        assertThat(keeps("`powershell` ScriptBlockText=*aa*", event().without("source").with("ScriptBlockText", "aa").build())).isTrue();
    }

    @Test
    void explicitSearchWordIsAllowedFirst() throws Exception {
        assertThat(keeps("search ScriptBlockText=*aa*", text("aa"))).isTrue();
    }
}
