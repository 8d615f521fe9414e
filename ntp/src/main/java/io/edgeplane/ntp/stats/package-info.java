/**
 * {@link io.edgeplane.ntp.stats.NtpStats}: what the NTP panel of the stats page and {@code /stats.json} show,
 * {@code chronyc tracking} and {@code chronyc sources} in one record.
 */
package io.edgeplane.ntp.stats;
