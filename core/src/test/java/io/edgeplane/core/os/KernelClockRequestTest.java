package io.edgeplane.core.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adjusting calls end to end against a stand-in for {@code clock_adjtime}: what reaches the "kernel", and how a
 * failure is reported. The real system call is never made here, so the machine's clock is never touched.
 */
class KernelClockRequestTest {

    /** Records each request and answers with {@code result}, or -1 and {@code errno}. */
    static final class FakeKernel {
        final List<MemorySegment> requests = new ArrayList<>();
        final List<Integer> clockIds = new ArrayList<>();
        int errno;
        int result = ClockState.TIME_OK.code();

        int clockAdjtime(MemorySegment capture, int clockId, MemorySegment timex) {
            requests.add(Arena.ofAuto().allocate(Timex.LAYOUT).copyFrom(timex));
            clockIds.add(clockId);
            if (errno != 0) {
                capture.set(JAVA_INT, KernelClock.errnoOffset(), errno);
                return -1;
            }
            timex.set(JAVA_INT, Timex.STATUS, ClockStatus.STA_NANO.mask());
            timex.set(JAVA_LONG, Timex.OFFSET, 42);
            return result;
        }

        KernelClock clock() throws ReflectiveOperationException {
            var handle = MethodHandles.lookup().findVirtual(FakeKernel.class, "clockAdjtime",
                    MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class));
            return new KernelClock(handle.bindTo(this), "clock_adjtime");
        }

        int modes() {
            return requests.getLast().get(JAVA_INT, Timex.MODES);
        }

        long at(long offset) {
            return requests.getLast().get(JAVA_LONG, offset);
        }
    }

    private final FakeKernel kernel = new FakeKernel();

    @Test
    void readSendsModesZeroToTheRealtimeClockAndDecodesTheAnswer() throws Exception {
        kernel.result = ClockState.TIME_INS.code();
        KernelClockState state = kernel.clock().read();

        assertThat(kernel.modes()).isZero();
        assertThat(kernel.clockIds).containsExactly(0);
        assertThat(state.state()).isEqualTo(ClockState.TIME_INS);
        assertThat(state.offsetNanos()).as("STA_NANO answer").isEqualTo(42);
    }

    @Test
    void pendingSlewReadsTheSingleShotRemainderInNanos() throws Exception {
        assertThat(kernel.clock().pendingSlewNanos()).isEqualTo(42_000);
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_OFFSET_SS_READ);
    }

    @Test
    void eachAdjustmentSendsItsModeBits() throws Exception {
        KernelClock clock = kernel.clock();

        clock.adjustFrequency(-7.25);
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_FREQUENCY);
        assertThat(kernel.at(Timex.FREQ)).isEqualTo(-475_136);

        clock.slew(-1_000_000);
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_OFFSET_SINGLESHOT);
        assertThat(kernel.at(Timex.OFFSET)).isEqualTo(-1_000);

        clock.step(-500_000_000);
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_SETOFFSET | Timex.ADJ_NANO);
        assertThat(kernel.at(Timex.TV_SEC)).isEqualTo(-1);
        assertThat(kernel.at(Timex.TV_USEC)).isEqualTo(500_000_000);

        clock.setStatus(EnumSet.of(ClockStatus.STA_PLL));
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_STATUS);
        assertThat(kernel.requests.getLast().get(JAVA_INT, Timex.STATUS)).isEqualTo(ClockStatus.STA_PLL.mask());

        clock.setErrors(100, 10);
        assertThat(kernel.modes()).isEqualTo(Timex.ADJ_MAXERROR | Timex.ADJ_ESTERROR);

        assertThat(kernel.clockIds).hasSize(5).containsOnly(0);
    }

    @Test
    void aRefusedValueNeverReachesTheKernel() throws Exception {
        KernelClock clock = kernel.clock();
        assertThatThrownBy(() -> clock.adjustFrequency(900)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.setStatus(EnumSet.of(ClockStatus.STA_CLOCKERR)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kernel.requests).isEmpty();
    }

    @Test
    void epermSaysWhichCapabilityIsMissing() throws Exception {
        kernel.errno = KernelClockException.EPERM;

        assertThatThrownBy(() -> kernel.clock().step(1_000))
                .isInstanceOfSatisfying(KernelClockException.class, e -> {
                    assertThat(e.errno()).isEqualTo(1);
                    assertThat(e.errnoName()).isEqualTo("EPERM");
                })
                .hasMessage("clock_adjtime(ADJ_SETOFFSET|ADJ_NANO) failed: EPERM: needs CAP_SYS_TIME: "
                        + "run as root or with AmbientCapabilities=CAP_SYS_TIME");
    }

    @Test
    void otherErrnosAreNamed() throws Exception {
        kernel.errno = KernelClockException.EINVAL;
        assertThatThrownBy(() -> kernel.clock().adjustFrequency(1))
                .isInstanceOf(KernelClockException.class)
                .hasMessageStartingWith("clock_adjtime(ADJ_FREQUENCY) failed: EINVAL");

        kernel.errno = 123;
        assertThatThrownBy(() -> kernel.clock().read())
                .isInstanceOfSatisfying(KernelClockException.class, e -> assertThat(e.errnoName()).isEqualTo("errno 123"))
                .hasMessage("clock_adjtime(read) failed: errno 123");
    }
}
