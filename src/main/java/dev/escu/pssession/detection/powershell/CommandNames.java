package dev.escu.pssession.detection.powershell;

/**
 * The names PowerShell resolves to Enter-PSSession, and to the cmdlets that produce sessions.
 * Command lookup ignores case ordinally (each character to its simple upper case), so
 * {@code ENTER-pssession} and a dotless {@code ı} in {@code Enter-PSSessıon} resolve too.
 */
final class CommandNames {

    private static final String CORE = "MICROSOFT.POWERSHELL.CORE\\";
    private static final String[] ENTER = {"ENTER-PSSESSION", "ETSN"};
    // The cmdlets (and their aliases) whose output is a PSSession: `$s = New-PSSession ...; etsn $s`.
    private static final String[] SESSION_SOURCES = {"NEW-PSSESSION", "NSN", "GET-PSSESSION", "GSN", "CONNECT-PSSESSION", "CNSN"};

    private CommandNames() {
    }

    /**
     * Whether a command name, as PowerShell reads it, is Enter-PSSession: the cmdlet, its alias
     * {@code etsn}, or either qualified with the cmdlet's module {@code Microsoft.PowerShell.Core\}.
     * Another module's qualifier names another command.
     */
    static boolean isEnterPSSession(String name) {
        return name != null && matches(name, ENTER);
    }

    static boolean isSessionSource(String name) {
        return name != null && matches(name, SESSION_SOURCES);
    }

    private static boolean matches(String name, String[] names) {
        int start = startsWithFolded(name, CORE) ? CORE.length() : 0;
        for (String candidate : names) {
            if (equalsFolded(name, start, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithFolded(String text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (PowerShellChars.fold(text.charAt(i)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsFolded(String text, int start, String upper) {
        if (text.length() - start != upper.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            if (PowerShellChars.fold(text.charAt(start + i)) != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
