package dev.escu.pssession.detection.powershell;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Enter-PSSession's parameters as its cmdlet class declares them (PowerShell's
 * {@code EnterPSSessionCommand} and {@code PSRemotingBaseCmdlet}, and the 5.1 and 7.x references),
 * with the common parameters, and PowerShell's rule for matching a name written after a dash.
 *
 * <p>Matching, as {@code MergedCommandParameterMetadata.GetMatchingParameter} does it: an exact name
 * or alias wins; otherwise every parameter whose name or an alias starts with the written name
 * matches; one match binds; several bind only when exactly one of them is the cmdlet's own (not a
 * common parameter); otherwise the name is ambiguous and PowerShell rejects the whole call.
 *
 * <p>Script blocks are logged by Windows PowerShell 5.1 and by PowerShell 7, whose tables differ
 * (7 adds the SSH parameters), so a name binds when it binds in either: {@code -Conn} is ambiguous
 * in 7 (ConnectionUri, ConnectingTimeout) but is ConnectionUri in 5.1.
 *
 * <p>Enter-PSSession has no SSHConnection parameter: the cmdlet overrides the base class's property
 * without a {@code [Parameter]} attribute, which removes it (the reference lists no such set).
 */
final class EnterPSSessionParameters {

    /** The parameter sets, named in evidence after the parameter that selects a target in each. */
    enum ParameterSet {
        COMPUTER_NAME("ComputerName"), SSH_HOST("HostName"), SESSION("Session"), ID("Id"), NAME("Name"),
        INSTANCE_ID("InstanceId"), URI("ConnectionUri"), VM_ID("VMId"), VM_NAME("VMName"), CONTAINER_ID("ContainerId");

        final String reported;

        ParameterSet(String reported) {
            this.reported = reported;
        }
    }

    /**
     * @param selects the parameter set whose remote endpoint or session this parameter names, or null
     * @param windowsPowerShell whether Windows PowerShell 5.1 has it
     */
    record Parameter(String name, List<String> aliases, boolean takesValue, boolean common, boolean windowsPowerShell,
            Set<ParameterSet> sets, ParameterSet selects) {
    }

    /** The parameter a written name binds to, or the parameters it is ambiguous between, or neither (unknown). */
    record Resolution(Parameter parameter, List<Parameter> ambiguousBetween) {

        boolean ambiguous() {
            return parameter == null && !ambiguousBetween.isEmpty();
        }
    }

    private static final Set<ParameterSet> ALL_SETS = EnumSet.allOf(ParameterSet.class);
    private static final List<Parameter> POWERSHELL_7 = new ArrayList<>();
    private static final List<Parameter> WINDOWS_POWERSHELL = new ArrayList<>();

    /**
     * PowerShell's common parameters, as about_CommonParameters lists them: name, alias, whether it
     * takes a value (Debug and Verbose are switches), and the oldest PowerShell that has it
     * (ProgressAction came with 7.4; Windows PowerShell 5.1 lacks it).
     */
    private static final String COMMON_PARAMETERS = """
            Debug                db     switch  5.1
            ErrorAction          ea     value   5.1
            ErrorVariable        ev     value   5.1
            InformationAction    infa   value   5.1
            InformationVariable  iv     value   5.1
            OutBuffer            ob     value   5.1
            OutVariable          ov     value   5.1
            PipelineVariable     pv     value   5.1
            ProgressAction       proga  value   7
            Verbose              vb     switch  5.1
            WarningAction        wa     value   5.1
            WarningVariable      wv     value   5.1
            """;

    static {
        target("ComputerName", ParameterSet.COMPUTER_NAME, true, "Cn");
        target("HostName", ParameterSet.SSH_HOST, false);
        target("Session", ParameterSet.SESSION, true);
        target("ConnectionUri", ParameterSet.URI, true, "URI", "CU");
        target("InstanceId", ParameterSet.INSTANCE_ID, true);
        target("Id", ParameterSet.ID, true);
        target("Name", ParameterSet.NAME, true);
        target("VMId", ParameterSet.VM_ID, true, "VMGuid");
        target("VMName", ParameterSet.VM_NAME, true);
        target("ContainerId", ParameterSet.CONTAINER_ID, true);

        var cn = ParameterSet.COMPUTER_NAME;
        var uri = ParameterSet.URI;
        var ssh = ParameterSet.SSH_HOST;
        option("EnableNetworkAccess", false, true, EnumSet.of(cn, uri));
        option("Credential", true, true, EnumSet.of(cn, uri, ParameterSet.VM_ID, ParameterSet.VM_NAME));
        option("ConfigurationName", true, true, EnumSet.of(cn, uri, ParameterSet.CONTAINER_ID, ParameterSet.VM_ID, ParameterSet.VM_NAME));
        option("Port", true, true, EnumSet.of(cn, ssh));
        option("UseSSL", false, true, EnumSet.of(cn));
        option("ApplicationName", true, true, EnumSet.of(cn));
        option("SessionOption", true, true, EnumSet.of(cn, uri));
        option("Authentication", true, true, EnumSet.of(cn, uri));
        option("CertificateThumbprint", true, true, EnumSet.of(cn, uri));
        option("AllowRedirection", false, true, EnumSet.of(uri));
        option("RunAsAdministrator", false, true, EnumSet.of(ParameterSet.CONTAINER_ID));
        option("Options", true, false, EnumSet.of(ssh));
        option("UserName", true, false, EnumSet.of(ssh));
        option("KeyFilePath", true, false, EnumSet.of(ssh), "IdentityFilePath");
        option("Subsystem", true, false, EnumSet.of(ssh));
        option("ConnectingTimeout", true, false, EnumSet.of(ssh));
        option("SSHTransport", false, false, EnumSet.of(ssh));

        COMMON_PARAMETERS.lines().map(line -> line.strip().split(" +")).forEach(column ->
                common(column[0], column[2].equals("value"), column[3].equals("5.1"), column[1]));
    }

    private EnterPSSessionParameters() {
    }

    private static void target(String name, ParameterSet set, boolean windowsPowerShell, String... aliases) {
        add(new Parameter(name, List.of(aliases), true, false, windowsPowerShell, EnumSet.of(set), set));
    }

    private static void option(String name, boolean takesValue, boolean windowsPowerShell, Set<ParameterSet> sets, String... aliases) {
        add(new Parameter(name, List.of(aliases), takesValue, false, windowsPowerShell, sets, null));
    }

    private static void common(String name, boolean takesValue, boolean windowsPowerShell, String alias) {
        add(new Parameter(name, List.of(alias), takesValue, true, windowsPowerShell, ALL_SETS, null));
    }

    private static void add(Parameter parameter) {
        POWERSHELL_7.add(parameter);
        if (parameter.windowsPowerShell()) {
            WINDOWS_POWERSHELL.add(parameter);
        }
    }

    /** Resolves a parameter name as written after its dash (or a splatted hashtable's key). */
    static Resolution resolve(String written) {
        String name = comparable(written);
        Resolution newer = resolveIn(name, POWERSHELL_7);
        if (newer.parameter() != null) {
            return newer;
        }
        Resolution older = resolveIn(name, WINDOWS_POWERSHELL);
        if (older.parameter() != null || !newer.ambiguous()) {
            return older;
        }
        return newer;
    }

    private static Resolution resolveIn(String name, List<Parameter> table) {
        if (name.isEmpty()) {
            return new Resolution(null, List.of());
        }
        List<Parameter> matches = new ArrayList<>();
        for (Parameter parameter : table) {
            boolean matched = false;
            if (parameter.name().toUpperCase(java.util.Locale.ROOT).equals(name)) {
                return new Resolution(parameter, List.of());
            }
            matched |= parameter.name().toUpperCase(java.util.Locale.ROOT).startsWith(name);
            for (String alias : parameter.aliases()) {
                String upper = alias.toUpperCase(java.util.Locale.ROOT);
                if (upper.equals(name)) {
                    return new Resolution(parameter, List.of());
                }
                matched |= upper.startsWith(name);
            }
            if (matched) {
                matches.add(parameter);
            }
        }
        if (matches.size() == 1) {
            return new Resolution(matches.get(0), List.of());
        }
        List<Parameter> declared = matches.stream().filter(p -> !p.common()).toList();
        if (declared.size() == 1) {
            return new Resolution(declared.get(0), List.of());
        }
        return new Resolution(null, List.copyOf(matches));
    }

    /** Folded to upper case, without the characters a culture-aware comparison ignores. */
    private static String comparable(String written) {
        StringBuilder name = new StringBuilder(written.length());
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (!PowerShellChars.isIgnorableInNames(c)) {
                name.append(PowerShellChars.fold(c));
            }
        }
        return name.toString();
    }
}
