package dev.escu.pssession.catalog;

/** Request examples shown in Swagger UI. */
final class CatalogExamples {

    static final String DOCUMENT = """
            name: Remote Command With Invoke-Command And Explicit Credential
            id: 5b0c2a6e-2f7d-4b8e-9c3a-1d2e3f4a5b6c
            version: 1
            date: '2026-12-01'
            author: Your SOC
            status: production
            type: Anomaly
            description: Invoke-Command against another host with an explicit credential.
            data_source:
            - Powershell Script Block Logging 4104
            search: '`powershell` EventCode=4104 ScriptBlockText="*Invoke-Command*" ScriptBlockText="*-ComputerName*"
              ScriptBlockText="*-Credential*" | fillnull | stats count min(_time) as firstTime max(_time) as lastTime
              by dest user_id ScriptBlockId ScriptBlockText | `security_content_ctime(firstTime)`
              | `security_content_ctime(lastTime)` | `remote_command_with_invoke_command_and_explicit_credential_filter`'
            how_to_implement: PowerShell Script Block Logging.
            known_false_positives: Administration scripts.
            references: []
            drilldown_searches:
            - name: View the detection results for - "$dest$"
              search: '%original_detection_search% | search dest = "$dest$"'
              earliest_offset: $info_min_time$
              latest_offset: $info_max_time$
            rba:
              message: Invoke-Command with a credential on $dest$ by $user_id$
              risk_objects:
              - field: dest
                type: system
                score: 25
              - field: user_id
                type: user
                score: 25
              threat_objects: []
            tags:
              analytic_story:
              - Active Directory Lateral Movement
              asset_type: Endpoint
              mitre_attack_id:
              - T1021.006
              product:
              - Splunk Enterprise
              security_domain: endpoint
            """;

    private CatalogExamples() {
    }
}
