/**
 * Linux system calls the services need and the JDK does not offer, bound with the FFM API
 * ({@code java.lang.foreign}): the kernel clock's discipline ({@code clock_adjtime}) for the NTP service.
 */
package io.edgeplane.core.os;
