package nnworkshop.util;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this process holds in memory, for the benchmarks and the comparison: its resident memory
 * (the kernel's figures in {@code /proc/self/status}, which include native memory such as
 * libtorch's) and the Java heap's peak. One "unknown": {@link Double#NaN} (off Linux).
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** The peak resident memory so far (VmHWM), MB; NaN where /proc is missing. */
    public static double peakRssMb() {
        return procStatusKb("VmHWM:") / 1024.0;
    }

    /** The resident memory now (VmRSS), MB; NaN where /proc is missing. */
    public static double rssMb() {
        return procStatusKb("VmRSS:") / 1024.0;
    }

    /** The sum of the heap memory pools' peak usage since the JVM started, MB. */
    public static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum / (1024.0 * 1024.0);
    }

    private static double procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Double.parseDouble(line.substring(key.length()).replace("kB", "").trim());
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
