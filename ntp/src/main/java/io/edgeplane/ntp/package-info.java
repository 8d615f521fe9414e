/**
 * NTP server and client (chrony's job): packet codec, clock filter and discipline, server socket.
 */
package io.edgeplane.ntp;
