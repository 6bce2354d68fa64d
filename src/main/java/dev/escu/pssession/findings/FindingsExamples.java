package dev.escu.pssession.findings;

/** Response examples shown in Swagger UI. */
final class FindingsExamples {

    static final String ROW = """
            "dest": "BUILD-AGENT-4", "signature": "Microsoft-Windows-PowerShell Execute a Remote Command",
            "signature_id": "4104", "user_id": "S-1-5-18", "vendor_product": "Microsoft Windows", "EventID": "4104",
            "Guid": "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}", "Opcode": "15", "Name": "Microsoft-Windows-PowerShell",
            "Path": "D:\\\\agent\\\\scripts\\\\connect-all.ps1", "ProcessID": "2210",
            "ScriptBlockId": "0e4f6a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
            "ScriptBlockText": "$servers = Get-Content .\\\\hosts.txt\\r\\nforeach ($s in $servers) {\\r\\n  Enter-PSSession -ComputerName $s -Credential $cred\\r\\n}",
            "count": 1, "firstTime": "2026-03-02T09:40:13", "lastTime": "2026-03-02T09:40:13\"""";

    static final String PAGE = """
            {"results": [{"finding_id": 2, "detection_id": "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af", """ + ROW + """
            , "drilldowns": [
              {"name": "View the detection results for - \\"BUILD-AGENT-4\\"",
               "href": "/api/v1/findings/2/results"},
              {"name": "View risk events for the last 7 days for - \\"BUILD-AGENT-4\\"",
               "href": "/api/v1/findings/2/risk-summary"}]}],
             "page": 0, "size": 50, "total": 1, "totalExact": true, "totalPages": 1, "next": null}""";

    static final String RESULTS = "{\"results\": [{" + ROW + "}], \"page\": 0, \"size\": 100, \"total\": 1, \"totalExact\": true, \"next\": null}";

    private FindingsExamples() {
    }
}
