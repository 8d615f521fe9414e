package io.edgeplane.core.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The struct layout, decoding and request filling, all on plain memory: no system call. */
class TimexTest {

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment timex = arena.allocate(Timex.LAYOUT);

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void layoutIsGlibcStructTimexOnLp64() {
        assertThat(Timex.LAYOUT.byteSize()).as("sizeof(struct timex) on x86_64 and aarch64").isEqualTo(208);
        assertThat(Timex.LAYOUT.byteAlignment()).isEqualTo(8);
        // offsetof() printed by a C probe compiled against this machine's <sys/timex.h>.
        Map<String, Long> offsetof = Map.ofEntries(
                Map.entry("modes", 0L), Map.entry("offset", 8L), Map.entry("freq", 16L), Map.entry("maxerror", 24L),
                Map.entry("esterror", 32L), Map.entry("status", 40L), Map.entry("constant", 48L),
                Map.entry("precision", 56L), Map.entry("tolerance", 64L), Map.entry("time", 72L),
                Map.entry("tick", 88L), Map.entry("ppsfreq", 96L), Map.entry("jitter", 104L), Map.entry("shift", 112L),
                Map.entry("stabil", 120L), Map.entry("jitcnt", 128L), Map.entry("calcnt", 136L),
                Map.entry("errcnt", 144L), Map.entry("stbcnt", 152L), Map.entry("tai", 160L));
        offsetof.forEach((field, at) -> assertThat(Timex.offset(field)).as(field).isEqualTo(at));
        assertThat(Timex.TV_SEC).isEqualTo(72);
        assertThat(Timex.TV_USEC).isEqualTo(80);
    }

    @Test
    void decodesMicrosecondUnitsWhenStaNanoIsClear() {
        timex.set(JAVA_LONG, Timex.OFFSET, -1_500);            // µs
        timex.set(JAVA_LONG, Timex.FREQ, -819_200);            // -12.5 ppm in 16.16
        timex.set(JAVA_LONG, Timex.MAXERROR, 16_000_000);
        timex.set(JAVA_LONG, Timex.ESTERROR, 250);
        timex.set(JAVA_INT, Timex.STATUS, 0x0041);             // STA_PLL | STA_UNSYNC
        timex.set(JAVA_LONG, Timex.CONSTANT, 2);
        timex.set(JAVA_LONG, Timex.PRECISION, 1);
        timex.set(JAVA_LONG, Timex.TOLERANCE, 32_768_000);
        timex.set(JAVA_LONG, Timex.TV_SEC, 1_700_000_000);
        timex.set(JAVA_LONG, Timex.TV_USEC, 123_456);          // µs
        timex.set(JAVA_LONG, Timex.TICK, 10_000);
        timex.set(JAVA_INT, Timex.TAI, 37);

        KernelClockState s = Timex.decode(5, timex);

        assertThat(s.state()).isEqualTo(ClockState.TIME_ERROR);
        assertThat(s.offsetNanos()).isEqualTo(-1_500_000);
        assertThat(s.frequencyPpm()).isEqualTo(-12.5);
        assertThat(s.maxErrorMicros()).isEqualTo(16_000_000);
        assertThat(s.estErrorMicros()).isEqualTo(250);
        assertThat(s.status()).containsExactlyInAnyOrder(ClockStatus.STA_PLL, ClockStatus.STA_UNSYNC);
        assertThat(s.synchronised()).isFalse();
        assertThat(s.pll()).isTrue();
        assertThat(s.nanoResolution()).isFalse();
        assertThat(s.timeConstant()).isEqualTo(2);
        assertThat(s.precisionMicros()).isEqualTo(1);
        assertThat(s.tolerancePpm()).isEqualTo(500.0);
        assertThat(s.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123_456_000));
        assertThat(s.tickMicros()).isEqualTo(10_000);
        assertThat(s.taiOffset()).isEqualTo(37);
    }

    @Test
    void decodesNanosecondUnitsWhenStaNanoIsSet() {
        timex.set(JAVA_LONG, Timex.OFFSET, 1_234_567);          // ns
        timex.set(JAVA_LONG, Timex.FREQ, 65_536L * 3 + 32_768); // 3.5 ppm
        timex.set(JAVA_INT, Timex.STATUS, 0x2001 | 0x10000);    // STA_NANO | STA_PLL and a bit we do not know
        timex.set(JAVA_LONG, Timex.TV_SEC, 1_700_000_000);
        timex.set(JAVA_LONG, Timex.TV_USEC, 123_456_789);        // ns, despite the name

        KernelClockState s = Timex.decode(0, timex);

        assertThat(s.state()).isEqualTo(ClockState.TIME_OK);
        assertThat(s.offsetNanos()).isEqualTo(1_234_567);
        assertThat(s.frequencyPpm()).isEqualTo(3.5);
        assertThat(s.nanoResolution()).isTrue();
        assertThat(s.synchronised()).isTrue();
        assertThat(s.status()).containsExactlyInAnyOrder(ClockStatus.STA_NANO, ClockStatus.STA_PLL);
        assertThat(s.statusBits()).isEqualTo(0x12001);
        assertThat(s.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123_456_789));
    }

    @Test
    void everyReturnValueNamesItsStateAndOthersFailFast() {
        assertThat(ClockState.of(1)).isEqualTo(ClockState.TIME_INS);
        assertThat(ClockState.of(2)).isEqualTo(ClockState.TIME_DEL);
        assertThat(ClockState.of(3)).isEqualTo(ClockState.TIME_OOP);
        assertThat(ClockState.of(4)).isEqualTo(ClockState.TIME_WAIT);
        assertThat(ClockState.TIME_ERROR.code()).isEqualTo(5);
        assertThatThrownBy(() -> Timex.decode(6, timex)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clock state 6");
    }

    @Test
    void statusBitsMatchTheHeader() {
        assertThat(ClockStatus.bits(EnumSet.allOf(ClockStatus.class))).isEqualTo(0xFFFF);
        assertThat(ClockStatus.STA_UNSYNC.mask()).isEqualTo(0x40);
        assertThat(ClockStatus.STA_NANO.mask()).isEqualTo(0x2000);
        int readOnly = 0;
        for (ClockStatus s : ClockStatus.values()) {
            readOnly |= s.readOnly() ? s.mask() : 0;
        }
        assertThat(readOnly).as("STA_RONLY").isEqualTo(0xFF00);
        assertThat(ClockStatus.of(0x0011)).containsExactlyInAnyOrder(ClockStatus.STA_PLL, ClockStatus.STA_INS);
    }

    @Test
    void readAsksForNothing() {
        timex.set(JAVA_INT, Timex.MODES, 0x7777);
        Timex.fillRead(timex);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isZero();
        Timex.fillSlewRead(timex);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0xa001);
    }

    @Test
    void frequencyIsScaledPpm() {
        Timex.fillFrequency(timex, -12.5);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0x0002);
        assertThat(timex.get(JAVA_LONG, Timex.FREQ)).isEqualTo(-819_200);
        Timex.fillFrequency(timex, 500.0);
        assertThat(timex.get(JAVA_LONG, Timex.FREQ)).isEqualTo(500L << 16);
        Timex.fillFrequency(timex, 0.000_01);
        assertThat(timex.get(JAVA_LONG, Timex.FREQ)).as("rounded to 1/65536 ppm").isEqualTo(1);
        assertThat(Timex.decode(0, timex).frequencyPpm()).isCloseTo(0.000_01, within(1.0 / 65536));
    }

    @Test
    void frequencyBeyondTheKernelsLimitIsRefused() {
        assertThatThrownBy(() -> Timex.fillFrequency(timex, 500.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500.1 ppm").hasMessageContaining("±500");
        assertThatThrownBy(() -> Timex.fillFrequency(timex, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timex.fillFrequency(timex, Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slewIsSingleShotInMicroseconds() {
        Timex.fillSlew(timex, -2_500_400);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0x8001);
        assertThat(timex.get(JAVA_LONG, Timex.OFFSET)).isEqualTo(-2_500);
        Timex.fillSlew(timex, 1_600);
        assertThat(timex.get(JAVA_LONG, Timex.OFFSET)).as("rounded").isEqualTo(2);
        assertThatThrownBy(() -> Timex.fillSlew(timex, 3_000_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
    }

    @Test
    void stepIsSetOffsetInNanosWithANonNegativeFraction() {
        Timex.fillStep(timex, 2_750_000_001L);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0x0100 | 0x2000);
        assertThat(timex.get(JAVA_LONG, Timex.TV_SEC)).isEqualTo(2);
        assertThat(timex.get(JAVA_LONG, Timex.TV_USEC)).isEqualTo(750_000_001);

        Timex.fillStep(timex, -1);
        assertThat(timex.get(JAVA_LONG, Timex.TV_SEC)).isEqualTo(-1);
        assertThat(timex.get(JAVA_LONG, Timex.TV_USEC)).isEqualTo(999_999_999);

        Timex.fillStep(timex, -3_000_000_000L);
        assertThat(timex.get(JAVA_LONG, Timex.TV_SEC)).isEqualTo(-3);
        assertThat(timex.get(JAVA_LONG, Timex.TV_USEC)).isZero();
    }

    @Test
    void statusWritesOnlyWritableBits() {
        Timex.fillStatus(timex, EnumSet.of(ClockStatus.STA_PLL, ClockStatus.STA_INS));
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0x0010);
        assertThat(timex.get(JAVA_INT, Timex.STATUS)).isEqualTo(0x0011);
        Timex.fillStatus(timex, Set.of());
        assertThat(timex.get(JAVA_INT, Timex.STATUS)).as("clears STA_UNSYNC too").isZero();
        assertThatThrownBy(() -> Timex.fillStatus(timex, EnumSet.of(ClockStatus.STA_PLL, ClockStatus.STA_NANO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STA_NANO is read-only");
    }

    @Test
    void errorsSetBothFields() {
        Timex.fillErrors(timex, 1_000, 50);
        assertThat(timex.get(JAVA_INT, Timex.MODES)).isEqualTo(0x0004 | 0x0008);
        assertThat(timex.get(JAVA_LONG, Timex.MAXERROR)).isEqualTo(1_000);
        assertThat(timex.get(JAVA_LONG, Timex.ESTERROR)).isEqualTo(50);
        assertThatThrownBy(() -> Timex.fillErrors(timex, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modesAreNamedForErrorMessages() {
        assertThat(Timex.modeNames(0)).isEqualTo("read");
        assertThat(Timex.modeNames(0x2100)).isEqualTo("ADJ_SETOFFSET|ADJ_NANO");
        assertThat(Timex.modeNames(0x8001)).isEqualTo("ADJ_OFFSET_SINGLESHOT");
        assertThat(Timex.modeNames(0x0040)).isEqualTo("0x40");
    }
}
