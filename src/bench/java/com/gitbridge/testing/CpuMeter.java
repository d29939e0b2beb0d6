package com.gitbridge.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent on this machine, split by who spent it: this JVM, PostgreSQL's processes, and everything (from
 * {@code /proc}, Linux only). Benchmarks take a reading before and after a run to say where a request's CPU goes.
 */
public record CpuMeter(long jvmNanos, Map<String, Long> jvmThreadNanos, long postgresNanos, long machineNanos) {

    /** Linux's {@code USER_HZ}: the unit of the times in {@code /proc}, 100 on every mainstream kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    public static CpuMeter now() {
        return new CpuMeter(jvmCpuNanos(), jvmThreadCpuNanos(), postgresCpuNanos(), machineCpuNanos());
    }

    /** The CPU spent since {@code before}. */
    public CpuMeter since(CpuMeter before) {
        Map<String, Long> threads = new TreeMap<>(jvmThreadNanos);
        before.jvmThreadNanos.forEach((group, nanos) -> threads.merge(group, -nanos, Long::sum));
        return new CpuMeter(jvmNanos - before.jvmNanos, threads, postgresNanos - before.postgresNanos,
                machineNanos - before.machineNanos);
    }

    /** The JVM's CPU by kind of thread, as {@code "gc 1.2, jit 0.1, ..."} in milliseconds per {@code unit}. */
    public String jvmThreadsPer(long unit) {
        StringBuilder text = new StringBuilder();
        jvmThreadNanos.forEach((group, nanos) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", group, nanos / 1e6 / unit)));
        return text.toString();
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The JVM's threads' CPU by kind, from their names ({@code /proc/self/task}, 15 characters at most). Threads that
     * ended between two readings are missing from the later one.
     */
    private static Map<String, Long> jvmThreadCpuNanos() {
        Map<String, Long> groups = new TreeMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int nameEnd = stat.lastIndexOf(')');
                String[] fields = stat.substring(nameEnd + 2).split(" ");
                long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
                groups.merge(group(stat.substring(stat.indexOf('(') + 1, nameEnd)), nanos, Long::sum);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return groups;
    }

    /**
     * Tomcat's connector threads ({@code http-nio-<port>-exec-<n>}, its poller and acceptor). Only the prefix: Linux
     * cuts a thread's name in {@code /proc} to 15 characters.
     */
    public static boolean isRequestThread(String threadName) {
        return threadName.startsWith("http-nio-");
    }

    private static String group(String threadName) {
        if (isRequestThread(threadName)) {
            return "request threads";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")
                || threadName.startsWith("VM Periodic")) {
            return "gc and vm";
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (threadName.startsWith("qtp")) {
            return "wiremock";
        }
        return "other";
    }

    /** User and system time of every live process named {@code postgres} (server, backends, workers). */
    private static long postgresCpuNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int nameEnd = stat.lastIndexOf(')');
                if (nameEnd < 0 || !stat.substring(stat.indexOf('(') + 1, nameEnd).equals("postgres")) {
                    continue;
                }
                // After the name: state is field 3; utime and stime are fields 14 and 15.
                String[] fields = stat.substring(nameEnd + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** Every CPU's busy time: the first line of {@code /proc/stat} without idle and iowait. */
    private static long machineCpuNanos() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] fields = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
