/**
 * What every service module stands on: the shared event loops, the service lifecycle, access lists,
 * and (as the protocols need them) Linux bindings through the FFM API.
 */
package io.edgeplane.core;
