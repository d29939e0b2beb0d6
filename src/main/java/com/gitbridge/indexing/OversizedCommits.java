package com.gitbridge.indexing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Reads commits for a walk, and gives a commit object larger than the limit as its header alone: the walk still
 * learns its parents and time and goes on past it, while its message (what makes it large) is neither read nor
 * indexed. The reader is set to stream objects from the limit up, so such a commit is not read whole to find its
 * size; only one stored as a delta against another is rebuilt whole, which JGit does in memory by design (and did
 * already when it was fetched).
 */
final class OversizedCommits extends ObjectReader.Filter {

    /** The most of a large commit read for its header: tree, parents, author, committer and a few more lines. */
    private static final int MAX_HEADER = 64 * 1024;

    private final ObjectReader reader;
    private final long maxCommitSize;
    private int skipped;

    OversizedCommits(ObjectReader reader, long maxCommitSize) {
        this.reader = reader;
        this.maxCommitSize = maxCommitSize;
        reader.setStreamFileThreshold((int) Math.min(Integer.MAX_VALUE, maxCommitSize + 1));
    }

    @Override
    protected ObjectReader delegate() {
        return reader;
    }

    /** How many commits were given without their message. */
    int skipped() {
        return skipped;
    }

    @Override
    public ObjectLoader open(AnyObjectId objectId) throws IOException {
        return open(objectId, OBJ_ANY);
    }

    @Override
    public ObjectLoader open(AnyObjectId objectId, int typeHint) throws IOException {
        ObjectLoader loader = reader.open(objectId, typeHint);
        if (loader.getType() != Constants.OBJ_COMMIT || loader.getSize() <= maxCommitSize) {
            return loader;
        }
        skipped++;
        return new ObjectLoader.SmallObject(Constants.OBJ_COMMIT, header(loader));
    }

    /** The commit's header lines, up to and with the blank line that ends them; then an empty message. */
    private static byte[] header(ObjectLoader commit) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(commit.openStream())) {
            int previous = -1;
            int lastLineEnd = 0;
            for (int b = in.read(); b >= 0 && header.size() < MAX_HEADER; b = in.read()) {
                header.write(b);
                if (b == '\n') {
                    if (previous == '\n') {
                        return header.toByteArray();
                    }
                    lastLineEnd = header.size();
                }
                previous = b;
            }
            // A header longer than that: its complete lines, as the end of the header.
            byte[] lines = header.toByteArray();
            byte[] cut = new byte[lastLineEnd + 1];
            System.arraycopy(lines, 0, cut, 0, lastLineEnd);
            cut[lastLineEnd] = '\n';
            return cut;
        }
    }
}
