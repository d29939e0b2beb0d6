package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.atlassian.connect.spring.AtlassianHost;
import com.gitbridge.crypto.TestCiphers;
import org.junit.jupiter.api.Test;

/**
 * The site store as requests read it: a site found is kept for ten seconds, an issuer no site has is asked of the
 * database every time, and a write never leaves the site as it was before kept, even one that came while the old row
 * was being read. The database is a stand-in whose reads the test can hold; the cache's time is the test's.
 */
class CachedAtlassianHostRepositoryTest {

    private static final String CLIENT_KEY = "client-key";

    private final AtlassianHostJpaRepository database = mock(AtlassianHostJpaRepository.class);
    private final TestTicker ticker = new TestTicker();
    private static final SharedSecrets SECRETS = new SharedSecrets(TestCiphers.cipher(TestCiphers.TEST_KEY));
    private final CachedAtlassianHostRepository sites = new CachedAtlassianHostRepository(database, SECRETS, ticker);

    @Test
    void aSiteFoundIsKeptForTenSeconds() {
        when(database.findById(CLIENT_KEY)).thenReturn(Optional.of(site("https://acme.atlassian.net")));

        assertThat(sites.findById(CLIENT_KEY)).isPresent();
        ticker.advance(CachedAtlassianHostRepository.LIFETIME.minusNanos(1));
        assertThat(sites.findById(CLIENT_KEY)).isPresent();
        verify(database, times(1)).findById(CLIENT_KEY);

        ticker.advance(Duration.ofNanos(1));
        assertThat(sites.findById(CLIENT_KEY)).isPresent();
        verify(database, times(2)).findById(CLIENT_KEY);
    }

    @Test
    void anIssuerNoSiteHasIsAskedOfTheDatabaseEveryTime() {
        when(database.findById(any())).thenReturn(Optional.empty());

        for (int i = 0; i < 3; i++) {
            assertThat(sites.findById("made-up-issuer")).isEmpty();
        }
        verify(database, times(3)).findById("made-up-issuer");
    }

    @Test
    void aSiteSavedIsReadAgainFromTheDatabase() {
        when(database.findById(CLIENT_KEY)).thenReturn(Optional.of(site("https://old.atlassian.net")));
        sites.findById(CLIENT_KEY);

        AtlassianHost reinstalled = site("https://new.atlassian.net");
        when(database.findById(CLIENT_KEY)).thenReturn(Optional.of(reinstalled));
        sites.save(reinstalled);

        assertThat(sites.findById(CLIENT_KEY)).map(AtlassianHost::getBaseUrl).contains("https://new.atlassian.net");
    }

    @Test
    void aSaveWhileTheOldRowIsBeingReadDoesNotLeaveItKept() throws Exception {
        AtlassianHost reinstalled = site("https://new.atlassian.net");
        writeDuringARead(() -> sites.save(reinstalled));
    }

    @Test
    void aDeleteWhileTheOldRowIsBeingReadDoesNotLeaveItKept() throws Exception {
        writeDuringARead(() -> sites.deleteById(CLIENT_KEY));
    }

    @Test
    void aBulkDeleteWhileTheOldRowIsBeingReadDoesNotLeaveItKept() throws Exception {
        when(database.findAll()).thenReturn(List.of(site("https://old.atlassian.net")));
        writeDuringARead(sites::deleteAll);
    }

    @Test
    void aBulkSaveWhileTheOldRowIsBeingReadDoesNotLeaveItKept() throws Exception {
        writeDuringARead(() -> sites.saveAll(List.of(site("https://new.atlassian.net"))));
    }

    /**
     * A request reads the site's old row; {@code write} comes while the read is under way and returns only once the
     * read is done; afterwards the site is read from the database again.
     */
    private void writeDuringARead(Runnable write) throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch finishRead = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Thread> reader = new AtomicReference<>();
        when(database.findById(CLIENT_KEY)).thenAnswer(call -> {
            if (reads.incrementAndGet() == 1) {
                reader.set(Thread.currentThread());
                readStarted.countDown();
                if (!finishRead.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the read was never let go");
                }
                return Optional.of(site("https://old.atlassian.net"));
            }
            return Optional.of(site("https://new.atlassian.net"));
        });

        CompletableFuture<Optional<AtlassianHost>> read = CompletableFuture.supplyAsync(() -> sites.findById(CLIENT_KEY));
        assertThat(readStarted.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                write.run();
            } catch (Throwable e) {
                writeFailure.set(e);
            }
        }, "site-writer");
        writer.start();
        awaitWaitingFor(reader.get(), writer);
        finishRead.countDown();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(writer.isAlive()).as("the write still waiting").isFalse();
        assertThat(writeFailure.get()).as("the write's failure").isNull();

        assertThat(read.get(10, TimeUnit.SECONDS)).map(AtlassianHost::getBaseUrl).contains("https://old.atlassian.net");
        assertThat(sites.findById(CLIENT_KEY)).map(AtlassianHost::getBaseUrl).contains("https://new.atlassian.net");
        assertThat(reads).hasValue(2);
    }

    /** The writer waits for a lock the reader holds: the cache's, on the site's entry being loaded. */
    private static void awaitWaitingFor(Thread reader, Thread writer) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            ThreadInfo info = threads.getThreadInfo(writer.getId());
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockOwnerId() == reader.getId()) {
                return;
            }
            assertThat(writer.isAlive()).as("the writer waits for the read under way").isTrue();
            assertThat(Instant.now()).as("the writer waits for the read under way").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    /** The site as the database holds it: with its shared secret sealed. */
    private static AtlassianHost site(String baseUrl) {
        AtlassianHost host = new AtlassianHost();
        host.setClientKey(CLIENT_KEY);
        host.setSharedSecret("secret");
        host.setBaseUrl(baseUrl);
        return SECRETS.sealed(host);
    }
}
