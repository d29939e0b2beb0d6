package com.gitbridge.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpuTurnsTest {

    private final CpuTurns oneTurn = new CpuTurns(1, 4, "test-request-");
    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        oneTurn.shutdown();
    }

    @Test
    void requestsBeyondTheTurnsWaitAndRunInTheOrderTheyCame() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = run(() -> {
            firstInside.countDown();
            await(releaseFirst);
        });
        firstInside.await();
        CompletableFuture<Void> second = run(() -> ran.add("second"));
        CompletableFuture<Void> third = run(() -> ran.add("third"));

        assertThat(oneTurn.queued()).isEqualTo(2);
        assertThat(ran).isEmpty();
        assertThat(oneTurn.threadCount()).isEqualTo(1);
        releaseFirst.countDown();
        CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("second", "third");
    }

    @Test
    void whileARequestWaitsForAnotherServiceAnotherThreadTakesRequestsAndRetiresAfter() throws Exception {
        CompletableFuture<Void> waitingForJira = run(() -> CpuTurns.asideWhile(() -> {
            firstInside.countDown();
            await(releaseFirst);
            return null;
        }));
        firstInside.await();

        CompletableFuture<Void> next = run(() -> { });
        next.get(10, TimeUnit.SECONDS);
        assertThat(oneTurn.threadCount()).as("the waiting thread and the one taking requests").isEqualTo(2);

        releaseFirst.countDown();
        waitingForJira.get(10, TimeUnit.SECONDS);
        run(() -> { }).get(10, TimeUnit.SECONDS);
        waitUntil(oneTurn::threadCount, 1);
    }

    @Test
    void noMoreThreadsThanTheMostEvenWhenAllWaitAside() throws Exception {
        CountDownLatch allAside = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            run(() -> CpuTurns.asideWhile(() -> {
                allAside.countDown();
                await(releaseFirst);
                return null;
            }));
        }
        assertThat(allAside.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> fifth = run(() -> { });
        assertThat(oneTurn.queued()).isEqualTo(1);
        assertThat(oneTurn.threadCount()).isEqualTo(4);
        releaseFirst.countDown();
        fifth.get(10, TimeUnit.SECONDS);
    }

    @Test
    void outsideTheRequestThreadsWaitingAsideJustRuns() {
        assertThat(CpuTurns.asideWhile(() -> "ran")).isEqualTo("ran");
        assertThat(oneTurn.threadCount()).isZero();
    }

    private CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, oneTurn);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spins until the condition holds: a thread retires on its own after its last request. */
    private static void waitUntil(IntSupplier value, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsInt() != expected) {
            assertThat(System.nanoTime()).as("waited 10 s for %d", expected).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
