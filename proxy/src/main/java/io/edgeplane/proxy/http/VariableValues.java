package io.edgeplane.proxy.http;

/**
 * Where a template's {@code $variables} get their values: a request being handled ({@link RequestContext}),
 * or only the connection, for an answer given before any request could be trusted ({@link ConnectionVariables}).
 */
public interface VariableValues {

    /** The value of the variable {@code name} (a name from {@code RequestVariables.NAMES}, without its {@code $}). */
    String variable(String name);
}
