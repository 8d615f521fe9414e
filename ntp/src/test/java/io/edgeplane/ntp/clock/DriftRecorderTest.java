package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At most hourly during service, on the I/O executor; once more at stop, on the caller's thread. */
class DriftRecorderTest {

    private static final long MINUTE = 60_000_000_000L;
    private static final Optional<Drift> DRIFT = Optional.of(new Drift(-3.25, 0.5));

    @TempDir
    Path directory;

    private long monotonic = 77 * MINUTE;
    private final List<Runnable> queued = new ArrayList<>();

    @Test
    void writesAtMostHourlyOnTheExecutor() {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));
        DriftRecorder recorder = new DriftRecorder(file, () -> monotonic, queued::add);

        assertThat(recorder.offer(DRIFT)).as("the file was just read").isFalse();
        monotonic += 59 * MINUTE;
        assertThat(recorder.offer(DRIFT)).isFalse();
        monotonic += MINUTE;
        assertThat(recorder.offer(DRIFT)).isTrue();
        assertThat(Files.exists(file.path())).as("not on the caller's thread").isFalse();
        runQueued();
        assertThat(file.read()).isEqualTo(DRIFT);

        monotonic += 30 * MINUTE;
        assertThat(recorder.offer(DRIFT)).isFalse();
        monotonic += 30 * MINUTE;
        assertThat(recorder.offer(DRIFT)).isTrue();
        assertThat(queued).hasSize(1);
    }

    @Test
    void nothingMeasuredNothingWritten() {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));
        DriftRecorder recorder = new DriftRecorder(file, () -> monotonic, queued::add);
        monotonic += 120 * MINUTE;

        assertThat(recorder.offer(Optional.empty())).isFalse();
        assertThat(recorder.close(Optional.empty())).isFalse();
        assertThat(queued).isEmpty();
        assertThat(Files.exists(file.path())).isFalse();
    }

    @Test
    void aRejectedWriteIsTriedAgainAfterTheNextUpdate() {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));
        boolean[] reject = {true};
        Executor executor = task -> {
            if (reject[0]) {
                throw new RejectedExecutionException("shutting down");
            }
            task.run();
        };
        DriftRecorder recorder = new DriftRecorder(file, () -> monotonic, executor);
        monotonic += 61 * MINUTE;

        assertThat(recorder.offer(DRIFT)).isFalse();
        reject[0] = false;
        assertThat(recorder.offer(DRIFT)).isTrue();
        assertThat(file.read()).isEqualTo(DRIFT);
    }

    @Test
    void closeWritesAtOnceOnTheCallersThread() {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));
        DriftRecorder recorder = new DriftRecorder(file, () -> monotonic, queued::add);

        assertThat(recorder.close(DRIFT)).isTrue();

        assertThat(queued).isEmpty();
        assertThat(file.read()).isEqualTo(DRIFT);
    }

    private void runQueued() {
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }
}
