package dev.escu.pssession.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic generator of PowerShell 4104 events as flat NDJSON (Splunk field names, as in
 * {@code shared/samples/powershell-4104.ndjson}). The same {@link Spec} always gives the same bytes.
 *
 * <ul>
 *   <li>script blocks from one line to 19,999 characters: 78 % one-liners, 19.5 % short scripts,
 *       2.2 % longer scripts, 0.3 % from 4,000 up to 19,999 characters (about 760 bytes per event);</li>
 *   <li>{@value #HOSTS} hosts; matching events come from {@value #ADMIN_HOSTS} of them (admin workstations);</li>
 *   <li>the match rate is exact: event i matches when floor((i+1)·rate) &gt; floor(i·rate);</li>
 *   <li>near misses that a byte scan counts but the detection must not match: {@code Invoke-Command
 *       -ComputerName}, {@code Enter-PSSession -Session $s}, {@code etsn -Cn} (about 0.8 % of events);</li>
 *   <li>a quarter of the matching events repeat one of 1,000 recurring (host, process, script block)
 *       groups, the rest are each their own result group, as interactive sessions are;</li>
 *   <li>optionally a share of exact re-sent duplicates (the same event delivered twice).</li>
 * </ul>
 */
public final class Corpus {

    static final int HOSTS = 200;
    static final int ADMIN_HOSTS = 40;
    static final int MAX_SCRIPT_CHARS = 19_999;
    static final int RECURRING_GROUPS = 1_000;
    static final double RECURRING_SHARE = 0.25;

    /**
     * @param events    how many events (lines)
     * @param matchRate share of events the detection matches, 0..1
     * @param seed      the random seed
     * @param stream    a stream number: streams of one seed have disjoint EventRecordIDs and script block ids
     * @param startEpochSeconds the first event's _time; times rise evenly over {@code spanSeconds}
     * @param spanSeconds how long the events span
     * @param duplicateRate share of lines that re-send an earlier line verbatim, 0..1
     */
    public record Spec(long events, double matchRate, long seed, int stream, long startEpochSeconds, long spanSeconds,
                       double duplicateRate) {

        public static final long DEFAULT_START = 1772323200L; // 2026-03-01T00:00:00Z
        public static final long WEEK = 7 * 24 * 3600L;
    }

    private static final String SOURCE = "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational";
    private static final String CHANNEL = "Microsoft-Windows-PowerShell/Operational";
    private static final String GUID = "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}";

    private final Spec spec;
    private final SplittableRandom rnd;
    private final String[] hosts = new String[HOSTS];
    private final String[] users = new String[HOSTS];
    private final int[] pids = new int[HOSTS];
    private final long[] recordIds = new long[HOSTS];
    private final Recurring[] recurring = new Recurring[RECURRING_GROUPS];
    private final byte[][] recent = new byte[256][];
    private long index;
    private long emitted;

    private record Recurring(int host, int pid, String scriptBlockId, String text, String path) {
    }

    public Corpus(Spec spec) {
        this.spec = spec;
        this.rnd = new SplittableRandom(spec.seed() * 1_000_003L + spec.stream());
        SplittableRandom hostRnd = new SplittableRandom(spec.seed()); // hosts are the same in every stream
        for (int h = 0; h < HOSTS; h++) {
            hosts[h] = h < ADMIN_HOSTS
                    ? String.format(Locale.ROOT, "ADM-WS-%03d.contoso.local", h + 1)
                    : h % 5 == 0 ? String.format(Locale.ROOT, "SRV-APP-%03d", h) : String.format(Locale.ROOT, "WS-%04d.contoso.local", h * 7 + 1000);
            users[h] = h % 9 == 0 ? "S-1-5-18"
                    : "S-1-5-21-3623811015-3361044348-30300820-" + (1000 + hostRnd.nextInt(5000));
            pids[h] = 1000 + hostRnd.nextInt(30000);
        }
        for (int h = 0; h < HOSTS; h++) {
            recordIds[h] = (long) spec.stream() * 1_000_000_000L + 1 + hostRnd.nextInt(100_000);
        }
        SplittableRandom recurringRnd = new SplittableRandom(spec.seed() + 77);
        for (int g = 0; g < RECURRING_GROUPS; g++) {
            int host = recurringRnd.nextInt(ADMIN_HOSTS);
            recurring[g] = new Recurring(host, 1000 + recurringRnd.nextInt(30000), uuid(recurringRnd),
                    matchingText(recurringRnd, scriptLength(recurringRnd)), recurringRnd.nextInt(3) == 0
                    ? "C:\\Admin\\Scripts\\connect-" + g + ".ps1" : null);
        }
    }

    /** Whether there is another line. */
    public boolean hasNext() {
        return emitted < spec.events();
    }

    /** The next line, without its line feed. */
    public byte[] next() {
        emitted++;
        if (spec.duplicateRate() > 0 && index > recent.length && rnd.nextDouble() < spec.duplicateRate()) {
            return recent[rnd.nextInt(recent.length)];
        }
        long i = index++;
        boolean match = Math.floor((i + 1) * spec.matchRate()) > Math.floor(i * spec.matchRate());
        long time = spec.startEpochSeconds() * 1_000_000L
                + (long) ((double) spec.spanSeconds() * 1_000_000L * i / Math.max(1, spec.events()))
                + rnd.nextInt(1_000_000);
        byte[] line = match ? matching(time) : ordinary(time);
        recent[(int) (i % recent.length)] = line;
        return line;
    }

    private byte[] matching(long timeMicros) {
        if (rnd.nextDouble() < RECURRING_SHARE) {
            Recurring r = recurring[rnd.nextInt(RECURRING_GROUPS)];
            return event(timeMicros, r.host(), r.pid(), r.scriptBlockId(), r.path(), r.text());
        }
        int host = rnd.nextInt(ADMIN_HOSTS);
        String path = rnd.nextInt(4) == 0 ? "C:\\Users\\admin\\Documents\\remote-" + rnd.nextInt(50) + ".ps1" : null;
        return event(timeMicros, host, pid(host), uuid(rnd), path, matchingText(rnd, scriptLength(rnd)));
    }

    private byte[] ordinary(long timeMicros) {
        int host = rnd.nextInt(HOSTS);
        String path = rnd.nextInt(3) == 0 ? PATHS[rnd.nextInt(PATHS.length)] : null;
        double roll = rnd.nextDouble();
        String text;
        int length = scriptLength(rnd);
        if (roll < 0.005) {
            text = withLine(rnd, length, NEAR_MISS_COMPUTERNAME[rnd.nextInt(NEAR_MISS_COMPUTERNAME.length)]
                    .replace("$H", target(rnd)));
        } else if (roll < 0.007) {
            text = withLine(rnd, length, NEAR_MISS_SESSION[rnd.nextInt(NEAR_MISS_SESSION.length)]
                    .replace("$H", target(rnd)));
        } else {
            text = script(rnd, length);
        }
        return event(timeMicros, host, pid(host), uuid(rnd), path, text);
    }

    private int pid(int host) {
        if (rnd.nextInt(20) == 0) {
            pids[host] = 1000 + rnd.nextInt(30000); // a new PowerShell process
        }
        return pids[host];
    }

    private byte[] event(long timeMicros, int host, int pid, String scriptBlockId, String path, String text) {
        StringBuilder b = new StringBuilder(text.length() + 600);
        b.append("{\"_time\": ").append(timeMicros / 1_000_000).append('.');
        String micros = Long.toString(timeMicros % 1_000_000);
        b.append("000000", 0, 6 - micros.length()).append(micros);
        field(b, "source", SOURCE);
        field(b, "EventCode", "4104");
        field(b, "dest", hosts[host]);
        field(b, "user_id", users[host]);
        field(b, "Guid", GUID);
        field(b, "Name", "Microsoft-Windows-PowerShell");
        field(b, "Opcode", "15");
        field(b, "ProcessID", Integer.toString(pid));
        field(b, "EventRecordID", Long.toString(recordIds[host]++));
        field(b, "Channel", CHANNEL);
        field(b, "MessageNumber", "1");
        field(b, "MessageTotal", "1");
        field(b, "ScriptBlockId", scriptBlockId);
        if (path != null) {
            field(b, "Path", path);
        }
        field(b, "ScriptBlockText", text);
        b.append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(", \"").append(name).append("\": \"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---- script text ------------------------------------------------------------------------

    /** 78 % one-liners (10..110), 19.5 % short scripts (110..700), 2.2 % (700..4,000), 0.3 % (4,000..19,999). */
    static int scriptLength(SplittableRandom rnd) {
        double roll = rnd.nextDouble();
        if (roll < 0.78) {
            return 10 + rnd.nextInt(100);
        } else if (roll < 0.975) {
            return 110 + rnd.nextInt(590);
        } else if (roll < 0.997) {
            return 700 + rnd.nextInt(3_300);
        }
        return 4_000 + rnd.nextInt(MAX_SCRIPT_CHARS - 4_000 + 1);
    }

    private static String target(SplittableRandom rnd) {
        return rnd.nextInt(2) == 0 ? "SQL" + String.format(Locale.ROOT, "%02d", rnd.nextInt(40)) + ".contoso.local"
                : "SRV-APP-" + String.format(Locale.ROOT, "%03d", rnd.nextInt(200));
    }

    private static final String[] ENTER_FORMS = {
            "Enter-PSSession -ComputerName $H",
            "Enter-PSSession -ComputerName $H -Credential $cred",
            "enter-pssession -computername $H",
            "Enter-PSSession -ComputerName $H -UseSSL -Port 5986",
            "ENTER-PSSESSION -COMPUTERNAME $H",
            "Enter-PSSession -Credential (Get-Credential) -ComputerName $H",
    };

    private static String matchingText(SplittableRandom rnd, int length) {
        String line = ENTER_FORMS[rnd.nextInt(ENTER_FORMS.length)].replace("$H", target(rnd));
        return withLine(rnd, Math.max(length, line.length()), line);
    }

    /** A script of about {@code length} characters with {@code line} somewhere in it (alone when short). */
    private static String withLine(SplittableRandom rnd, int length, String line) {
        if (length <= line.length() + 40) {
            return line;
        }
        int before = rnd.nextInt(length - line.length());
        String head = before < 20 ? "" : script(rnd, before) + "\r\n";
        int after = length - head.length() - line.length();
        String tail = after < 20 ? "" : "\r\n" + script(rnd, after);
        return head + line + tail;
    }

    /** Ordinary PowerShell of exactly {@code length} characters (a one-liner when short). */
    static String script(SplittableRandom rnd, int length) {
        if (length <= 110) {
            String one = ONE_LINERS[rnd.nextInt(ONE_LINERS.length)];
            while (one.length() < length) {
                one = one + " | " + PIPES[rnd.nextInt(PIPES.length)];
            }
            return one.substring(0, length).strip().isEmpty() ? one : one.substring(0, length);
        }
        StringBuilder b = new StringBuilder(length + 200);
        b.append("function ").append(VERBS[rnd.nextInt(VERBS.length)]).append('-')
                .append(NOUNS[rnd.nextInt(NOUNS.length)]).append(" {\r\n    [CmdletBinding()]\r\n    param(\r\n")
                .append("        [Parameter(Mandatory)][string]$Name\r\n    )\r\n");
        int indent = 1;
        while (b.length() < length) {
            String body = BODY[rnd.nextInt(BODY.length)];
            b.append("    ".repeat(indent)).append(body).append("\r\n");
            if (body.endsWith("{")) {
                indent = Math.min(indent + 1, 4);
            } else if (indent > 1 && rnd.nextInt(3) == 0) {
                indent--;
                b.append("    ".repeat(indent)).append("}\r\n");
            }
        }
        b.setLength(length);
        return b.toString();
    }

    private static final String[] ONE_LINERS = {
            "{ Set-StrictMode -Version 1; $_.PSMessageDetails }",
            "{ Set-StrictMode -Version 1; $_.ErrorCategory_Message }",
            "{ Set-StrictMode -Version 1; $this.Exception.InnerException.PSMessageDetails }",
            "prompt",
            "Get-ChildItem C:\\Temp",
            "Get-Process",
            "Get-Service -Name WinRM",
            "Import-Module ActiveDirectory",
            "$env:PSModulePath -split ';'",
            "Get-EventLog -LogName System -Newest 50",
            "Set-Location C:\\Users\\Public",
            "Get-Content .\\hosts.txt",
            "Test-NetConnection -Port 443 proxy.contoso.local",
            "Get-ADUser -Filter * -SearchBase 'OU=Staff,DC=contoso,DC=local'",
            "Get-WinEvent -FilterHashtable @{LogName='Security'; Id=4624}",
            "Start-Process notepad.exe",
            "Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
            "Write-Host \"Deployment finished at $(Get-Date -Format o)\"",
    };

    private static final String[] PIPES = {
            "Sort-Object Length", "Select-Object -First 10", "Where-Object { $_.Status -eq 'Running' }",
            "Format-Table -AutoSize", "Out-String", "Measure-Object", "ConvertTo-Json -Depth 3",
            "Export-Csv -NoTypeInformation -Path C:\\Temp\\out.csv", "Group-Object Name",
    };

    private static final String[] VERBS = {"Get", "Set", "New", "Remove", "Invoke", "Test", "Update", "Sync"};
    private static final String[] NOUNS = {"Inventory", "Backup", "UserProfile", "Certificate", "PatchLevel",
            "LogArchive", "Share", "ScheduledJob"};

    private static final String[] BODY = {
            "$ErrorActionPreference = 'Stop'",
            "$items = Get-ChildItem -Path $Name -Recurse -File",
            "foreach ($item in $items) {",
            "if ($item.Length -gt 10MB) {",
            "Write-Verbose \"Large file: $($item.FullName)\"",
            "$hash = Get-FileHash -Algorithm SHA256 -Path $item.FullName",
            "$result += [pscustomobject]@{ Name = $item.Name; Hash = $hash.Hash; Size = $item.Length }",
            "try {",
            "$response = Invoke-RestMethod -Uri \"https://inventory.contoso.local/api/v2/assets/$Name\" -Method Get",
            "} catch { Write-Warning $_.Exception.Message }",
            "$services = Get-Service | Where-Object { $_.StartType -eq 'Automatic' -and $_.Status -ne 'Running' }",
            "Copy-Item -Path $item.FullName -Destination \"\\\\fs01\\archive\\$env:COMPUTERNAME\\\" -Force",
            "Start-Sleep -Milliseconds 250",
            "$cert = Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.NotAfter -lt (Get-Date).AddDays(30) }",
            "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Contoso\\Agent' -Name LastRun -Value (Get-Date -Format o)",
            "return $result",
            "$log = Join-Path $env:TEMP ('run-{0:yyyyMMdd}.log' -f (Get-Date))",
            "Add-Content -Path $log -Value \"[$(Get-Date -Format s)] processed $($items.Count) items\"",
            "# keep the last 30 archives, remove the rest",
            "$old = Get-ChildItem \\\\fs01\\archive | Sort-Object LastWriteTime -Descending | Select-Object -Skip 30",
            "$old | Remove-Item -Recurse -Force -WhatIf:$WhatIfPreference",
    };

    private static final String[] NEAR_MISS_COMPUTERNAME = {
            "Invoke-Command -ComputerName $H -ScriptBlock { Get-Service WinRM }",
            "Get-CimInstance -ClassName Win32_OperatingSystem -ComputerName $H",
            "Restart-Computer -ComputerName $H -Force",
            "Test-WSMan -ComputerName $H",
    };

    private static final String[] NEAR_MISS_SESSION = {
            "$s = New-PSSession $H\r\nEnter-PSSession -Session $s",
            "Enter-PSSession -Id 3",
            "etsn -Cn $H",
            "Enter-PSSession $H",
    };

    private static final String[] PATHS = {
            "C:\\Program Files\\Contoso\\Agent\\collect.ps1",
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\Modules\\SmbShare\\SmbShare.psm1",
            "D:\\agent\\scripts\\deploy.ps1",
            "C:\\Users\\Public\\Documents\\inventory.ps1",
    };

    private static String uuid(SplittableRandom rnd) {
        long hi = rnd.nextLong();
        long lo = rnd.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    // ---- command line -----------------------------------------------------------------------

    /** Writes {@code spec} as NDJSON to {@code out}; returns the bytes written. */
    public static long write(Spec spec, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        long bytes = 0;
        Corpus corpus = new Corpus(spec);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            while (corpus.hasNext()) {
                byte[] line = corpus.next();
                o.write(line);
                o.write('\n');
                bytes += line.length + 1;
            }
        }
        return bytes;
    }

    /** Lines of a corpus, in memory. */
    public static List<byte[]> lines(Spec spec) {
        List<byte[]> lines = new ArrayList<>((int) spec.events());
        Corpus corpus = new Corpus(spec);
        while (corpus.hasNext()) {
            lines.add(corpus.next());
        }
        return lines;
    }

    /**
     * {@code Corpus --out FILE --events N --match-rate R [--seed S] [--stream K] [--start EPOCH]
     * [--span SECONDS] [--dup-rate D] [--target-bytes B]}; with --target-bytes, N is ignored and
     * events are written until the file holds at least B bytes.
     */
    public static void main(String[] args) throws IOException {
        Args a = new Args(args);
        Path out = Path.of(a.get("out", null));
        long target = Long.parseLong(a.get("target-bytes", "0"));
        long events = Long.parseLong(a.get("events", "200000"));
        Spec spec = new Spec(target > 0 ? Long.MAX_VALUE : events, Double.parseDouble(a.get("match-rate", "0.01")),
                Long.parseLong(a.get("seed", "7")), Integer.parseInt(a.get("stream", "0")),
                Long.parseLong(a.get("start", Long.toString(Spec.DEFAULT_START))),
                Long.parseLong(a.get("span", Long.toString(Spec.WEEK))), Double.parseDouble(a.get("dup-rate", "0")));
        long started = System.nanoTime();
        long bytes;
        long written;
        if (target > 0) {
            // room for more events than the target needs; the writer stops at the target
            spec = new Spec(target / 100, spec.matchRate(), spec.seed(), spec.stream(), spec.startEpochSeconds(),
                    spec.spanSeconds(), spec.duplicateRate());
            Corpus corpus = new Corpus(spec);
            bytes = 0;
            written = 0;
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
                while (bytes < target) {
                    if (!corpus.hasNext()) {
                        throw new IllegalStateException("corpus exhausted before " + target + " bytes");
                    }
                    byte[] line = corpus.next();
                    o.write(line);
                    o.write('\n');
                    bytes += line.length + 1;
                    written++;
                }
            }
        } else {
            bytes = write(spec, out);
            written = spec.events();
        }
        System.out.printf(Locale.ROOT, "%s: %,d events, %,d bytes (%.0f bytes/event), match rate %s, in %.1f s%n",
                out, written, bytes, (double) bytes / written, spec.matchRate(), (System.nanoTime() - started) / 1e9);
    }
}
