/**
 * The NTP client side: polling each upstream (requests, reply checks, the reach register, poll adaptation,
 * iburst, kiss-o'-death) and turning replies into clock samples for the filter and selection.
 */
package io.edgeplane.ntp.client;
