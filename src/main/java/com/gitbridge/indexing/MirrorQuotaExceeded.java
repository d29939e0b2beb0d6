package com.gitbridge.indexing;

/** A repository's mirror would take more room than its quota; the message is for people. */
final class MirrorQuotaExceeded extends RuntimeException {

    MirrorQuotaExceeded(long quotaBytes) {
        super("The repository's mirror exceeds the " + size(quotaBytes) + " quota");
    }

    private static String size(long bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        long value = bytes;
        int unit = 0;
        while (unit < units.length - 1 && value >= 1024 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + units[unit];
    }
}
