package com.gitbridge.indexing;

import java.io.IOException;

import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Counts the paths a commit changed against its first parent (every path of a root commit), as
 * {@code git show --name-only --first-parent} lists them, without reading any file's content: subtrees that are the
 * same on both sides are skipped by id. A commit that touches more than {@value #MAX} paths counts as {@value #MAX}.
 * <p>
 * Only a mirror that is a full copy has the trees to count with: a mirror of commits only (the hosts that take the
 * partial clone filter) leaves every count unknown, since fetching the trees for it would cost a multiple of the
 * commits' transfer and disk. Trees are read with a reader of their own: the walk's reader streams large objects,
 * which a tree walk cannot use.
 */
final class ChangedPaths implements AutoCloseable {

    static final int MAX = 10_000;

    /** {@code null} where the mirror has no trees. */
    private final ObjectReader reader;

    private ChangedPaths(ObjectReader reader) {
        this.reader = reader;
    }

    /** Counts with the trees of {@code repository}: a full copy of its host's. */
    static ChangedPaths of(Repository repository) {
        return new ChangedPaths(repository.newObjectReader());
    }

    /** For a mirror of commits only: every count is unknown. */
    static ChangedPaths unknown() {
        return new ChangedPaths(null);
    }

    /**
     * @param walk the walk that produced {@code commit}, which parses its first parent if it has not yet
     * @return how many paths it changed, at most {@value #MAX}; {@code null} if the mirror cannot tell
     */
    Integer count(RevWalk walk, RevCommit commit) throws IOException {
        if (reader == null) {
            return null;
        }
        try (TreeWalk paths = new TreeWalk(reader)) {
            paths.setRecursive(true);
            if (commit.getParentCount() > 0) {
                RevCommit parent = commit.getParent(0);
                walk.parseHeaders(parent);
                paths.addTree(parent.getTree());
                paths.addTree(commit.getTree());
                paths.setFilter(TreeFilter.ANY_DIFF);
            } else {
                paths.addTree(commit.getTree());
            }
            int count = 0;
            while (count < MAX && paths.next()) {
                count++;
            }
            return count;
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
