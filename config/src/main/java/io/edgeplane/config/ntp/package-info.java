/**
 * The {@code ntp:} section: chrony's job as records (upstream servers and pools, the addresses and networks
 * time is served to, local stratum, rate limit, clock discipline), validated here.
 */
package io.edgeplane.config.ntp;
