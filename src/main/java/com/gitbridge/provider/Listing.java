package com.gitbridge.provider;

import java.text.NumberFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listing under way, held to its {@link ListingLimits}: an adapter calls {@link #nextPage} before it requests a
 * page and {@link #items} for what a page held. Past a bound, or when the host hands out a page cursor it gave
 * before, the listing fails with {@link ListingLimitExceeded}: a listing cut short silently would look complete,
 * and what is missing from a repository listing is forgotten.
 * <p>
 * Not thread-safe: one listing runs on one thread.
 */
public final class Listing {

    private static final Logger log = LoggerFactory.getLogger(Listing.class);

    private final ListingLimits limits;
    private final String host;
    private final String subject;
    private final long deadline;
    private final Set<String> cursors = new HashSet<>();
    private int pages;
    private long items;

    Listing(ListingLimits limits, String host, String subject) {
        this.limits = limits;
        this.host = host;
        this.subject = subject;
        this.deadline = System.nanoTime() + limits.listingDeadline().toNanos();
    }

    /** Before requesting a page: fails if the listing has had all its pages or all its time. */
    public void nextPage() {
        if (++pages > limits.maxPages()) {
            throw new ListingLimitExceeded(host + " listed more than " + count(limits.maxPages()) + " pages of "
                    + subject);
        }
        inTime();
    }

    /** As {@link #nextPage()}, for a page named by the host's cursor: fails if the host gave that cursor before. */
    public void nextPage(String cursor) {
        if (cursor != null && !cursors.add(cursor)) {
            throw new ListingLimitExceeded(host + " repeated a page of " + subject
                    + " (it gave the same page cursor twice)");
        }
        nextPage();
    }

    /** Before a request that is not a page (reading one item in detail): fails if the listing has had all its time. */
    public void inTime() {
        if (System.nanoTime() - deadline > 0) {
            String message = host + " did not finish listing " + subject + " within "
                    + duration(limits.listingDeadline());
            throw new ListingLimitExceeded(message, new TimeoutException(message));
        }
    }

    /** Counts {@code count} more items: fails if the listing now holds more than it may. */
    public void items(int count) {
        items += count;
        if (items > limits.maxItems()) {
            throw new ListingLimitExceeded(host + " listed more than " + count(limits.maxItems()) + " " + subject);
        }
    }

    /**
     * For a listing that may end early because the caller goes on from where it stopped (pull requests, newest
     * first): notes that it ended at a bound and keeps what it read.
     */
    public void endedEarly(ListingLimitExceeded reason, int kept) {
        log.warn("{}; keeping the {} read so far", reason.getMessage(), kept);
    }

    private static String count(long number) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(number);
    }

    private static String duration(Duration duration) {
        if (duration.toSeconds() >= 60 && duration.toSecondsPart() == 0) {
            long minutes = duration.toMinutes();
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        if (duration.toMillis() >= 1000 && duration.toMillisPart() == 0) {
            long seconds = duration.toSeconds();
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return duration.toMillis() + " ms";
    }
}
