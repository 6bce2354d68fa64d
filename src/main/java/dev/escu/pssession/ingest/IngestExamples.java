package dev.escu.pssession.ingest;

/** Request examples shown in Swagger UI (the shared samples, shortened). */
final class IngestExamples {

    static final String JSON = """
            {"_time": 1772439295.417203, "source": "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
             "EventCode": "4104", "dest": "LAPTOP-ADM-11.contoso.local",
             "user_id": "S-1-5-21-3623811015-3361044348-30300820-1013",
             "Guid": "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}", "Name": "Microsoft-Windows-PowerShell",
             "Opcode": "15", "ProcessID": "6120", "EventRecordID": "88121",
             "Channel": "Microsoft-Windows-PowerShell/Operational", "MessageNumber": "1", "MessageTotal": "1",
             "ScriptBlockId": "3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21",
             "ScriptBlockText": "Enter-PSSession -ComputerName SQL02.contoso.local"}""";

    static final String NDJSON = """
            {"_time": 1772439295.417203, "EventCode": "4104", "dest": "LAPTOP-ADM-11.contoso.local", "EventRecordID": "88121", "Channel": "Microsoft-Windows-PowerShell/Operational", "ScriptBlockText": "Enter-PSSession -ComputerName SQL02.contoso.local"}
            {"_time": 1772439302.001877, "EventCode": "4104", "dest": "LAPTOP-ADM-11.contoso.local", "EventRecordID": "88122", "Channel": "Microsoft-Windows-PowerShell/Operational", "ScriptBlockText": "Get-ChildItem C:\\\\Temp | Sort-Object Length"}""";

    static final String XML = """
            <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/><EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode><Keywords>0x0</Keywords><TimeCreated SystemTime='2026-03-02T08:14:55.41720300Z'/><EventRecordID>88121</EventRecordID><Correlation ActivityID='{11111111-2222-0003-4444-555555555555}'/><Execution ProcessID='6120' ThreadID='7001'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>LAPTOP-ADM-11.contoso.local</Computer><Security UserID='S-1-5-21-3623811015-3361044348-30300820-1013'/></System><EventData><Data Name='MessageNumber'>1</Data><Data Name='MessageTotal'>1</Data><Data Name='ScriptBlockText'>Enter-PSSession -ComputerName SQL02.contoso.local</Data><Data Name='ScriptBlockId'>3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21</Data><Data Name='Path'></Data></EventData></Event>""";

    static final String HEC_EVENT = """
            {"time": 1772439295.417, "host": "LAPTOP-ADM-11.contoso.local", "source": "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "sourcetype": "XmlWinEventLog", "event": "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-PowerShell' Guid='{A0C1853B-5C40-4B15-8766-3CF1C58F985A}'/><EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode><Keywords>0x0</Keywords><TimeCreated SystemTime='2026-03-02T08:14:55.41720300Z'/><EventRecordID>88121</EventRecordID><Execution ProcessID='6120' ThreadID='7001'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>LAPTOP-ADM-11.contoso.local</Computer><Security UserID='S-1-5-21-3623811015-3361044348-30300820-1013'/></System><EventData><Data Name='MessageNumber'>1</Data><Data Name='MessageTotal'>1</Data><Data Name='ScriptBlockText'>Enter-PSSession -ComputerName SQL02.contoso.local</Data><Data Name='ScriptBlockId'>3f9d2a71-5b0e-4c3a-9a1e-7d2b8c0f6e21</Data><Data Name='Path'></Data></EventData></Event>"}
            {"time": "1772439302.001", "host": "LAPTOP-ADM-11.contoso.local", "event": {"EventCode": "4104", "Computer": "LAPTOP-ADM-11.contoso.local", "EventRecordID": "88122", "Channel": "Microsoft-Windows-PowerShell/Operational", "ScriptBlockText": "Get-ChildItem C:\\\\Temp"}}""";

    private IngestExamples() {
    }
}
