/**
 * Linux system calls the services need and the JDK does not offer, bound with the FFM API
 * ({@code java.lang.foreign}): the kernel clock's discipline ({@code clock_adjtime}) and the raw
 * monotonic clock ({@code clock_gettime(CLOCK_MONOTONIC_RAW)}) for the NTP service.
 */
package io.edgeplane.core.os;
