package com.gitbridge.outbound;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The most the app reads of one answer from a host's API: 10 MB, counted while the body streams in, so that a
 * host cannot fill the app's memory. No API answer the app asks for comes near it.
 */
public final class BodyLimit {

    public static final long MAX_BYTES = 10L * 1024 * 1024;

    private BodyLimit() {
    }

    /** {@code body}, failing with {@link ResponseTooLargeException} once more than the limit is read from it. */
    public static InputStream limited(InputStream body) {
        return body instanceof Limited ? body : new Limited(body, MAX_BYTES);
    }

    /** All of {@code body}, if it stays within the limit. */
    public static byte[] readAll(InputStream body) throws IOException {
        try (InputStream limited = limited(body)) {
            return limited.readAllBytes();
        }
    }

    private static final class Limited extends FilterInputStream {

        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // One byte past the limit is enough to know the body is over it.
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, limit - read + 1));
            count(skipped);
            return skipped;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > limit) {
                throw new ResponseTooLargeException();
            }
        }
    }
}
