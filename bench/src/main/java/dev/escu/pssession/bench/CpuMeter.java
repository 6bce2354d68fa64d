package dev.escu.pssession.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds spent by the service, PostgreSQL (the postmaster and all its children) and this load
 * generator over a measurement: who used the two cores. Linux /proc only; absent pids count 0.
 */
final class CpuMeter {

    private static final double TICKS = 100.0; // USER_HZ on Linux

    private final long servicePid;
    private final long pgPid;
    private double service0;
    private double pg0;
    private double self0;
    private long[] machine0;

    CpuMeter(String servicePid, String pgPid) {
        this.servicePid = Long.parseLong(servicePid);
        this.pgPid = Long.parseLong(pgPid);
    }

    void start() {
        service0 = seconds(servicePid);
        pg0 = postgres();
        self0 = self();
        machine0 = machine();
    }

    /** Jiffies of all CPUs: {busy, total}, from the first line of /proc/stat. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy = all but idle, iowait and steal
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    Map<String, Object> stop(double wallSeconds) {
        Map<String, Object> used = new LinkedHashMap<>();
        double service = seconds(servicePid) - service0;
        double pg = postgres() - pg0;
        double self = self() - self0;
        used.put("serviceCpuSeconds", round(service));
        used.put("postgresCpuSeconds", round(pg));
        used.put("loadgenCpuSeconds", round(self));
        used.put("wallSeconds", round(wallSeconds));
        used.put("coresBusy", round((service + pg + self) / wallSeconds));
        long[] machine = machine();
        double machineBusy = (machine[0] - machine0[0]) / TICKS;
        // everything else on the machine (other builds, the kernel's own threads) in the same time
        used.put("otherCpuSeconds", round(Math.max(0, machineBusy - service - pg - self)));
        used.put("machineCoresBusy", round(machineBusy / wallSeconds));
        try {
            used.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            used.put("loadavg", "?");
        }
        return used;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private double self() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return 0;
    }

    private double postgres() {
        if (pgPid <= 0) {
            return 0;
        }
        // backends come and go; exited ones are counted in the postmaster's cumulative children time
        double total = seconds(pgPid, true);
        var handle = ProcessHandle.of(pgPid);
        if (handle.isPresent()) {
            total += handle.get().children().mapToDouble(p -> seconds(p.pid())).sum();
        }
        return total;
    }

    private static double seconds(long pid) {
        return seconds(pid, false);
    }

    /** utime + stime (and with {@code children}, cutime + cstime of waited-for children) of a process. */
    private static double seconds(long pid, boolean children) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: f[0] = state (field 3); utime = field 14, stime 15, cutime 16, cstime 17
            double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
