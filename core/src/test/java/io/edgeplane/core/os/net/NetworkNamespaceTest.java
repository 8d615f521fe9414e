package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entering a namespace moves a fresh thread only, and what it opens stays in the namespace. */
class NetworkNamespaceTest {

    private static final Path THREAD_NETNS = Path.of("/proc/thread-self/ns/net");

    private VethPair pair;

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
    }

    @AfterEach
    void deletePair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void theTaskRunsInTheNamespaceOnAThreadOfItsOwn() throws Exception {
        String callerBefore = Files.readSymbolicLink(THREAD_NETNS).toString();
        Object namespaceInode = Files.getAttribute(pair.a.path(), "unix:ino");
        Thread caller = Thread.currentThread();

        record Seen(String netns, Thread thread) {
        }
        Seen first = pair.a.call(() -> new Seen(Files.readSymbolicLink(THREAD_NETNS).toString(),
                Thread.currentThread()));
        Seen second = pair.a.call(() -> new Seen(Files.readSymbolicLink(THREAD_NETNS).toString(),
                Thread.currentThread()));

        assertThat(first.netns()).isEqualTo("net:[" + namespaceInode + "]");
        assertThat(first.thread()).isNotSameAs(caller).isNotSameAs(second.thread());
        assertThat(first.thread().isVirtual()).isFalse();
        assertThat(Files.readSymbolicLink(THREAD_NETNS).toString()).as("the caller stays where it was")
                .isEqualTo(callerBefore);
    }

    @Test
    void aSocketOpenedInsideAnswersForTheNamespaceFromAnyThread() throws Exception {
        try (Rtnetlink inside = pair.a.call(() -> Rtnetlink.open(pair.libc))) {
            assertThat(inside.link(pair.interfaceA)).map(Link::index).contains(pair.ifindexA);
            assertThat(inside.link(pair.interfaceB)).as("the peer end lives in the other namespace").isEmpty();
        }
    }

    @Test
    void theTasksExceptionIsRethrownAsItIs() {
        IOException thrown = new IOException("from the task");
        assertThatThrownBy(() -> pair.a.call(() -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    @Test
    void aMissingNamespaceIsENOENT() {
        NetworkNamespace missing = NetworkNamespace.named(pair.libc, pair.a.name() + "-missing");
        assertThatThrownBy(() -> missing.call(() -> 1)).isInstanceOf(SystemCallException.class)
                .hasMessageContaining(missing.path().toString()).hasMessageContaining("ENOENT")
                .satisfies(e -> assertThat(((SystemCallException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void namesThatAreNotFileNamesAreRefused() {
        assertThatThrownBy(() -> NetworkNamespace.named(pair.libc, "a/b")).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> NetworkNamespace.named(pair.libc, "..")).hasMessageContaining("not '.' or '..'");
        assertThatThrownBy(() -> NetworkNamespace.named(pair.libc, "")).hasMessageContaining("1..255");
    }
}
