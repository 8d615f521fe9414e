package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The query as written, and the reply test that spoofed answers must fail. */
class SentQueryTest {

    private final SentQuery query = SentQuery.create(0x1234, "WwW.eXample.com", 1, 1, false);
    private final byte[] reply = Replies.answer(query.message(), "192.0.2.1");

    @Test
    void writesTheHeaderQuestionAndOptRecord() {
        byte[] message = query.message();
        assertThat(Replies.id(message)).isEqualTo(0x1234);
        assertThat(message[2] & 0xFF).isEqualTo(0x01);
        assertThat(Replies.questionName(message)).isEqualTo("WwW.eXample.com");
        int opt = SentQuery.HEADER + query.question().length;
        assertThat(Arrays.copyOfRange(message, opt, message.length))
                .containsExactly(0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0);
        assertThat(SentQuery.create(1, "a", 1, 1, true).message()).endsWith(0x80, 0, 0, 0);
    }

    @Test
    void writesTheRoot() {
        assertThat(SentQuery.create(1, "", 2, 1, false).question()).containsExactly(0, 0, 2, 0, 1);
    }

    @Test
    void acceptsTheReplyWithItsIdAndQuestionAsSent() {
        assertThat(query.isAnsweredBy(reply)).isTrue();
    }

    @Test
    void refusesAnotherIdAnotherCaseAQueryOrMoreThanOneQuestion() {
        assertThat(query.isAnsweredBy(Replies.withId(reply, 0x1235))).isFalse();
        assertThat(query.isAnsweredBy(Replies.withFirstLetterFlipped(reply))).isFalse();
        byte[] notAReply = reply.clone();
        notAReply[2] &= 0x7F;
        assertThat(query.isAnsweredBy(notAReply)).isFalse();
        byte[] twoQuestions = reply.clone();
        twoQuestions[5] = 2;
        assertThat(query.isAnsweredBy(twoQuestions)).isFalse();
        byte[] otherType = reply.clone();
        otherType[SentQuery.HEADER + query.question().length - 3] = 28;
        assertThat(query.isAnsweredBy(otherType)).isFalse();
        assertThat(query.isAnsweredBy(Arrays.copyOf(reply, SentQuery.HEADER + query.question().length - 1))).isFalse();
    }

    @Test
    void neverThrowsOnRandomOrCutReplies() {
        Random random = new Random(20_200_125);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            query.isAnsweredBy(garbage);
            byte[] mutated = Arrays.copyOf(reply, random.nextInt(reply.length + 1));
            if (mutated.length > 0) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (query.isAnsweredBy(mutated)) {
                assertThat(Arrays.copyOf(mutated, SentQuery.HEADER + query.question().length))
                        .isEqualTo(Arrays.copyOf(acceptedPrefix(mutated), SentQuery.HEADER + query.question().length));
            }
        }
    }

    @Test
    void refusesWhatIsNotAName() {
        assertThatThrownBy(() -> SentQuery.create(1, "a..b", 1, 1, false)).hasMessageContaining("label of 0");
        assertThatThrownBy(() -> SentQuery.create(1, "a.", 1, 1, false)).hasMessageContaining("ends in a dot");
        assertThatThrownBy(() -> SentQuery.create(1, "x".repeat(64), 1, 1, false)).hasMessageContaining("label of 64");
        assertThatThrownBy(() -> SentQuery.create(1, ("x".repeat(63) + ".").repeat(4) + "x", 1, 1, false))
                .hasMessageContaining("at most 255");
        assertThatThrownBy(() -> SentQuery.create(1, "例え.jp", 1, 1, false)).hasMessageContaining("U+00FF");
    }

    /** A mutation the test accepted may only have touched bytes the test does not look at: flags bits or the answer. */
    private byte[] acceptedPrefix(byte[] mutated) {
        byte[] expected = mutated.clone();
        System.arraycopy(reply, 0, expected, 0, 2);
        System.arraycopy(reply, 4, expected, 4, 2);
        System.arraycopy(reply, SentQuery.HEADER, expected, SentQuery.HEADER, query.question().length);
        return expected;
    }
}
