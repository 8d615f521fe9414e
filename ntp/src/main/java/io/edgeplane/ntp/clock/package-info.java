/**
 * edgeplane's disciplined time scale (chrony's tracking with {@code chronyd -x}): the clock discipline that turns
 * measured offsets into a frequency and an offset correction, the time scale that applies them over the system
 * clock, and the drift file that keeps the frequency across restarts. Every clock is injected.
 */
package io.edgeplane.ntp.clock;
