package io.edgeplane.core.os;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Linker;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Where the FFM bindings of this package and its subpackages hold: 64-bit little-endian Linux on x86-64 or arm64,
 * the platforms whose struct layouts and constants they were checked against (C probes on this kind of machine).
 */
public final class Platform {

    private Platform() {
    }

    /** Whether this JVM runs on such a platform; the bindings' {@code load()} give nothing elsewhere. */
    public static boolean isLinux64() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                && Linker.nativeLinker().canonicalLayouts().get("long").byteSize() == 8 && ADDRESS.byteSize() == 8;
    }
}
