package io.edgeplane.gateway;

import io.edgeplane.core.os.net.Libc;
import io.edgeplane.dhcp.server.DhcpPlatform;
import io.edgeplane.dhcp.server.DhcpService;
import io.edgeplane.dhcp.server.KernelDhcpPlatform;
import io.edgeplane.dns.server.DnsService;
import io.edgeplane.firewall.nft.NftAccess;
import io.edgeplane.firewall.service.FirewallService;
import io.edgeplane.gateway.admin.AdminService;
import io.edgeplane.gateway.health.ProxyHealthSignals;
import io.edgeplane.gateway.names.RunningDnsHosts;
import io.edgeplane.gateway.runtime.ServiceDefinition;
import io.edgeplane.ntp.clock.KernelSystemClock;
import io.edgeplane.ntp.server.NtpService;
import io.edgeplane.proxy.server.ProxyService;
import io.edgeplane.vrrp.server.VrrpService;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every service this binary can run, in start order; a config turns each on by having its section. */
final class ServiceCatalog {

    private ServiceCatalog() {
    }

    static List<ServiceDefinition> all() {
        return all(KernelDhcpPlatform::load, NftAccess.system());
    }

    static List<ServiceDefinition> all(Supplier<Optional<DhcpPlatform>> dhcpPlatform) {
        return all(dhcpPlatform, NftAccess.system());
    }

    /**
     * @param dhcpPlatform the kernel under the DHCP server, asked for only when a config has {@code dhcp}; tests give
     *                     one that runs in memory
     * @param nft          how the firewall reaches nft; tests give one that answers from memory
     */
    static List<ServiceDefinition> all(Supplier<Optional<DhcpPlatform>> dhcpPlatform, NftAccess nft) {
        // Created before the DNS server is, and handed each one created: lease names reach it from the start.
        RunningDnsHosts leaseNames = new RunningDnsHosts();
        return List.of(
                // First: a ruleset nft refuses fails the reload before any socket is bound.
                new ServiceDefinition("firewall", config -> config.firewall().isPresent(),
                        context -> new FirewallService(context.meters(), context.blocking(), context.clock(), nft)),
                new ServiceDefinition("admin", config -> config.admin().isPresent(), AdminService::new),
                new ServiceDefinition("proxy", config -> config.proxy().isPresent(),
                        context -> new ProxyService(context.eventLoops(), context.blocking(), context.meters(), context.clock())),
                new ServiceDefinition("dns", config -> config.dns().isPresent(), context -> {
                    DnsService dns = new DnsService(context.eventLoops(), context.meters(), System::nanoTime);
                    leaseNames.attach(dns.hosts());
                    return dns;
                }),
                new ServiceDefinition("dhcp", config -> config.dhcp().isPresent(),
                        context -> new DhcpService(context.meters(), dhcpPlatform.get(), leaseNames, context.clock(),
                                System::nanoTime)),
                new ServiceDefinition("ntp", config -> config.ntp().isPresent(),
                        context -> new NtpService(context.eventLoops(), context.meters(), context.clock(), System::nanoTime,
                                context.blocking(), InetAddress::getAllByName, KernelSystemClock.load())),
                new ServiceDefinition("vrrp", config -> config.vrrp().isPresent(),
                        context -> new VrrpService(context.meters(), Libc.load(), System::nanoTime, context.blocking(),
                                new ProxyHealthSignals(() -> context.control().running(ProxyService.class).stream().findFirst()))));
    }
}
