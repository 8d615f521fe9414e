package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiveTimeConversionTest {

    private final Deque<Long> realtime = new ArrayDeque<>();
    private long served;
    private final ReceiveTimeConversion conversion = new ReceiveTimeConversion(realtime::removeFirst, () -> served);

    @Test
    void aKernelStampMovesByTheServedScalesOffsetAgainstTheMidpointOfTheTwoRealtimeReads() {
        // The served scale is 1.5 ms ahead of the system clock; the realtime reads 60 ns apart.
        realtime.addAll(List.of(1_000_000_000_000L, 1_000_000_000_060L));
        served = 1_000_001_500_030L;

        conversion.calibrate();

        assertThat(conversion.servedMinusRealtime()).isEqualTo(1_500_000L);
        assertThat(conversion.served(999_999_990_000L)).isEqualTo(1_000_001_490_000L);
    }

    @Test
    void eachCalibrationReplacesTheLast() {
        realtime.addAll(List.of(100L, 100L, 200L, 200L));
        served = 90;
        conversion.calibrate();
        assertThat(conversion.served(50)).isEqualTo(40);
        served = 230;
        conversion.calibrate();
        assertThat(conversion.served(50)).isEqualTo(80);
    }

    @Test
    void aMeasurementInterruptedBetweenItsReadsIsTakenAgainElseTheLastGoodOneKept() {
        realtime.addAll(List.of(100L, 100L));
        served = 90;
        conversion.calibrate();
        // Preempted for 10 ms between the reads three times in a row: the offset stays.
        realtime.addAll(List.of(1_000L, 10_001_000L, 2_000L, 10_002_000L, 3_000L, 10_003_000L));
        served = 5_000_000;
        conversion.calibrate();
        assertThat(conversion.servedMinusRealtime()).isEqualTo(-10);
        // Once, then a good pair: the good one.
        realtime.addAll(List.of(1_000L, 10_001_000L, 2_000L, 2_040L));
        served = 2_000;
        conversion.calibrate();
        assertThat(conversion.servedMinusRealtime()).isEqualTo(-20);
        assertThat(realtime).isEmpty();
    }

    @Test
    void theFirstMeasurementIsKeptEvenIfInterrupted() {
        realtime.addAll(List.of(0L, 100_000L, 0L, 100_000L, 0L, 100_000L));
        served = 50_010;
        conversion.calibrate();
        assertThat(conversion.servedMinusRealtime()).isEqualTo(10);
    }
}
