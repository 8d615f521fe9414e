package io.edgeplane.config;

import io.edgeplane.config.yaml.Mark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Collects every problem found while reading one source, so the user sees all of them at once. */
public final class ProblemList {

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> reportedPaths = new HashSet<>();

    public ProblemList(String source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public String source() {
        return source;
    }

    public void add(Mark mark, String path, String message) {
        add(new ConfigProblem(source, mark, path, message, Optional.empty()));
    }

    public void add(Mark mark, String path, String message, String expected) {
        add(new ConfigProblem(source, mark, path, message, Optional.of(expected)));
    }

    private void add(ConfigProblem problem) {
        problems.add(problem);
        reportedPaths.add(problem.path());
    }

    /** Whether something at {@code path} was reported already, so later stages need not pile on. */
    public boolean hasProblemAt(String path) {
        return reportedPaths.contains(path);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in file order, which is how a user fixes them. */
    public List<ConfigProblem> sorted() {
        return problems.stream()
                .sorted(Comparator.comparingInt((ConfigProblem p) -> p.mark().line())
                        .thenComparingInt(p -> p.mark().column()))
                .toList();
    }
}
