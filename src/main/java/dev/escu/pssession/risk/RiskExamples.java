package dev.escu.pssession.risk;

/** Response examples shown in Swagger UI. */
final class RiskExamples {

    static final String SUMMARY = """
            {"results": [{"normalized_risk_object": "laptop-adm-11.contoso.local", "count": 2,
              "firstTime": "2026-03-02T08:14:55", "lastTime": "2026-03-02T10:01:44",
              "Search Name": ["ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule"],
              "Risk Message": ["An interactive session was opened on a remote endpoint from LAPTOP-ADM-11.contoso.local"],
              "Analytic Stories": ["Active Directory Lateral Movement"],
              "Annotations": ["Active Directory Lateral Movement", "CIS 10", "DE.CM", "Exploitation", "T1021.006", "TTP", "lateral-movement"],
              "ATT&CK Tactics": ["lateral-movement"]}],
             "earliest": "2026-02-23T10:05:00Z", "latest": "2026-03-02T10:05:00Z"}""";

    static final String FEED = """
            {"results": [{"cursor": "812-41", "_time": "2026-03-02T08:14:55.417203Z",
              "risk_object": "LAPTOP-ADM-11.contoso.local", "risk_object_type": "system",
              "normalized_risk_object": "laptop-adm-11.contoso.local", "risk_score": 50,
              "risk_message": "An interactive session was opened on a remote endpoint from LAPTOP-ADM-11.contoso.local",
              "search_name": "ESCU - Interactive Session on Remote Endpoint with PowerShell - Rule",
              "analyticstories": ["Active Directory Lateral Movement"],
              "annotations": {"analytic_story": ["Active Directory Lateral Movement"], "cis20": ["CIS 10"],
                "kill_chain_phases": ["Exploitation"], "mitre_attack": ["T1021.006"], "mitre_tactic": ["lateral-movement"],
                "nist": ["DE.CM"], "type": "TTP",
                "_all": ["Active Directory Lateral Movement", "CIS 10", "DE.CM", "Exploitation", "T1021.006", "TTP", "lateral-movement"]},
              "detection_id": "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af", "finding_id": 1}],
             "next": "812-41"}""";

    private RiskExamples() {
    }
}
