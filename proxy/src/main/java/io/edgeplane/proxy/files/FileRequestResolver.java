package io.edgeplane.proxy.files;

import io.edgeplane.proxy.files.ParsedPath.Rejected;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the file a request path names below a root and opens it. Blocking: runs on the file executor, never
 * on an event loop.
 *
 * <p>Containment is checked on real paths: the candidate is resolved with {@link Path#toRealPath()} (every
 * symlink followed) and must lie below the root's real path, so neither {@code ..} in any encoding nor a
 * symlink to {@code /etc} leads out. Symlinks that stay inside the root are followed, as nginx does.
 */
final class FileRequestResolver {

    private static final Logger log = LoggerFactory.getLogger(FileRequestResolver.class);

    /** The outcome of resolving one path. */
    sealed interface Resolution permits Found, Refusal, DirectoryWithoutSlash {
    }

    /** A regular file, opened for reading; whoever receives it closes the channel. */
    record Found(StaticFile file, FileChannel channel) implements Resolution {
    }

    /** A directory named without its trailing '/': answered with a redirect to the name with one. */
    enum DirectoryWithoutSlash implements Resolution {
        INSTANCE
    }

    /** An answer without a file. */
    enum Refusal implements Resolution {
        BAD_REQUEST(HttpResponseStatus.BAD_REQUEST),
        FORBIDDEN(HttpResponseStatus.FORBIDDEN),
        NOT_FOUND(HttpResponseStatus.NOT_FOUND),
        ERROR(HttpResponseStatus.INTERNAL_SERVER_ERROR);

        final HttpResponseStatus status;

        Refusal(HttpResponseStatus status) {
            this.status = status;
        }
    }

    private final Path root;
    private final List<String> index;
    /**
     * The root's real path as last seen. It is looked up again only when a file seems to lie outside it:
     * a deploy that swaps the root's symlink to a new release must not turn every request into a 404.
     */
    private volatile Path realRoot;

    FileRequestResolver(Path root, List<String> index) {
        this.root = Objects.requireNonNull(root, "root");
        this.index = List.copyOf(index);
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            log.warn("files root {} cannot be resolved yet ({}); requests get 404 until it can", root, e.toString());
            real = null;
        }
        this.realRoot = real;
    }

    /** Resolves a raw (percent-encoded) path; never throws. A {@link Found}'s channel is open. */
    Resolution resolve(String rawPath) {
        return switch (FilePath.parse(rawPath)) {
            case Rejected.MALFORMED -> Refusal.BAD_REQUEST;
            case Rejected.OUTSIDE_ROOT -> Refusal.NOT_FOUND;
            case FilePath path -> resolve(path);
        };
    }

    private Resolution resolve(FilePath path) {
        try {
            Path real = inside(root.resolve(path.relative()));
            if (real == null) {
                return Refusal.NOT_FOUND;
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return path.directory() ? index(real) : DirectoryWithoutSlash.INSTANCE;
            }
            // "/file.txt/" names a directory that is not there, as open(2) says with ENOTDIR.
            return path.directory() ? Refusal.NOT_FOUND : open(real, attributes, path.name());
        } catch (NoSuchFileException | InvalidPathException e) {
            return Refusal.NOT_FOUND;
        } catch (AccessDeniedException e) {
            return Refusal.FORBIDDEN;
        } catch (FileSystemException e) {
            // ENOTDIR, ELOOP, ENAMETOOLONG: a name that leads nowhere.
            return Refusal.NOT_FOUND;
        } catch (IOException | RuntimeException e) {
            log.warn("files root {}: cannot serve '{}': {}", root, path.relative(), e.toString());
            return Refusal.ERROR;
        }
    }

    /** The first index file of {@code directory} that is a regular file (no listing when none is: 404). */
    private Resolution index(Path directory) throws IOException {
        for (String name : index) {
            Path real;
            try {
                real = inside(directory.resolve(name));
            } catch (NoSuchFileException e) {
                continue;
            }
            if (real == null) {
                continue;
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                return open(real, attributes, name);
            }
        }
        return Refusal.NOT_FOUND;
    }

    private static Resolution open(Path real, BasicFileAttributes attributes, String requestedName) throws IOException {
        if (!attributes.isRegularFile()) {
            // A FIFO would block the open; a device or socket is not content.
            return Refusal.NOT_FOUND;
        }
        // NOFOLLOW: if the last name became a symlink since toRealPath checked it, refuse rather than follow.
        FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            // The type follows the name asked for, as nginx's does, not the name a symlink leads to.
            StaticFile file = StaticFile.of(channel.size(), attributes.lastModifiedTime().toMillis(),
                    ContentTypes.of(requestedName));
            return new Found(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@code candidate}'s real path if it lies below the root's, null if it does not. */
    private Path inside(Path candidate) throws IOException {
        Path real = candidate.toRealPath();
        Path known = realRoot;
        if (known != null && real.startsWith(known)) {
            return real;
        }
        Path current = root.toRealPath();
        if (!current.equals(known)) {
            realRoot = current;
        }
        return real.startsWith(current) ? real : null;
    }
}
