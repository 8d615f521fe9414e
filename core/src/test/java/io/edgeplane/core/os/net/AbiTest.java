package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The numbers {@link Abi} holds, against what a C probe printed from this machine's headers (gcc, glibc 2.36,
 * Linux UAPI headers, x86_64): {@code printf("%ld", offsetof(struct msghdr, msg_control))} and the like. A value
 * changed here by mistake fails against the probe's record; a value changed in both is one to re-probe.
 */
class AbiTest {

    @Test
    void socketAddressLayoutsAreTheKernels() {
        assertThat(Abi.SOCKADDR_IN_SIZE).as("sizeof(struct sockaddr_in)").isEqualTo(16);
        assertThat(Abi.SIN_PORT).isEqualTo(2);
        assertThat(Abi.SIN_ADDR).isEqualTo(4);
        assertThat(Abi.SOCKADDR_IN6_SIZE).as("sizeof(struct sockaddr_in6)").isEqualTo(28);
        assertThat(Abi.SIN6_FLOWINFO).isEqualTo(4);
        assertThat(Abi.SIN6_ADDR).isEqualTo(8);
        assertThat(Abi.SIN6_SCOPE_ID).isEqualTo(24);
        assertThat(Abi.SOCKADDR_NL_SIZE).as("sizeof(struct sockaddr_nl)").isEqualTo(12);
        assertThat(Abi.NL_PID).isEqualTo(4);
        assertThat(Abi.NL_GROUPS).isEqualTo(8);
        assertThat(Abi.SOCKADDR_LL_SIZE).as("sizeof(struct sockaddr_ll)").isEqualTo(20);
        assertThat(Abi.SLL_PROTOCOL).isEqualTo(2);
        assertThat(Abi.SLL_IFINDEX).isEqualTo(4);
        assertThat(Abi.SLL_HATYPE).isEqualTo(8);
        assertThat(Abi.SLL_PKTTYPE).isEqualTo(10);
        assertThat(Abi.SLL_HALEN).isEqualTo(11);
        assertThat(Abi.SLL_ADDR).isEqualTo(12);
        assertThat(Abi.IP_MREQN_SIZE).as("sizeof(struct ip_mreqn)").isEqualTo(12);
        assertThat(Abi.IMR_ADDRESS).isEqualTo(4);
        assertThat(Abi.IMR_IFINDEX).isEqualTo(8);
        assertThat(Abi.IPV6_MREQ_SIZE).as("sizeof(struct ipv6_mreq)").isEqualTo(20);
        assertThat(Abi.IPV6MR_INTERFACE).isEqualTo(16);
    }

    @Test
    void messageLayoutsAreTheKernels() {
        assertThat(Abi.MSGHDR_SIZE).as("sizeof(struct msghdr)").isEqualTo(56);
        assertThat(Abi.MSG_NAME).isEqualTo(0);
        assertThat(Abi.MSG_NAMELEN).isEqualTo(8);
        assertThat(Abi.MSG_IOV).isEqualTo(16);
        assertThat(Abi.MSG_IOVLEN).isEqualTo(24);
        assertThat(Abi.MSG_CONTROL).isEqualTo(32);
        assertThat(Abi.MSG_CONTROLLEN).isEqualTo(40);
        assertThat(Abi.MSG_FLAGS).isEqualTo(48);
        assertThat(Abi.IOVEC_SIZE).as("sizeof(struct iovec)").isEqualTo(16);
        assertThat(Abi.CMSGHDR_SIZE).as("sizeof(struct cmsghdr), CMSG_LEN(0)").isEqualTo(16);
        assertThat(Abi.CMSG_LEVEL).isEqualTo(8);
        assertThat(Abi.CMSG_TYPE).isEqualTo(12);
        assertThat(Abi.CMSGHDR_SIZE + Abi.cmsgAlign(4)).as("CMSG_SPACE(4)").isEqualTo(24);
        assertThat(Abi.CMSGHDR_SIZE + Abi.cmsgAlign(12)).as("CMSG_SPACE(12)").isEqualTo(32);
        assertThat(Abi.CMSGHDR_SIZE + Abi.cmsgAlign(20)).as("CMSG_SPACE(20)").isEqualTo(40);
        assertThat(Abi.IN_PKTINFO_SIZE).as("sizeof(struct in_pktinfo)").isEqualTo(12);
        assertThat(Abi.IPI_IFINDEX).isEqualTo(0);
        assertThat(Abi.IPI_ADDR).isEqualTo(8);
        assertThat(Abi.IN6_PKTINFO_SIZE).as("sizeof(struct in6_pktinfo)").isEqualTo(20);
        assertThat(Abi.IPI6_IFINDEX).isEqualTo(16);
        assertThat(Abi.POLLFD_SIZE).as("sizeof(struct pollfd)").isEqualTo(8);
        assertThat(Abi.POLL_EVENTS).isEqualTo(4);
        assertThat(Abi.POLL_REVENTS).isEqualTo(6);
        assertThat(NetlinkMessages.NLMSG_HDRLEN).as("sizeof(struct nlmsghdr)").isEqualTo(16);
        assertThat(NetlinkMessages.IFINFOMSG_SIZE).as("sizeof(struct ifinfomsg)").isEqualTo(16);
        assertThat(NetlinkMessages.IFADDRMSG_SIZE).as("sizeof(struct ifaddrmsg)").isEqualTo(8);
    }

    @Test
    void constantsAreTheHeaders() {
        assertThat(new int[] {Abi.AF_INET, Abi.AF_INET6, Abi.AF_NETLINK, Abi.AF_PACKET, Abi.SOCK_RAW,
            Abi.SOCK_CLOEXEC, Abi.NETLINK_ROUTE}).containsExactly(2, 10, 16, 17, 3, 524288, 0);
        assertThat(new int[] {Abi.SOL_SOCKET, Abi.SO_BINDTODEVICE, Abi.SO_RCVBUF}).containsExactly(1, 25, 8);
        assertThat(new int[] {Abi.SOL_IP, Abi.IP_TTL, Abi.IP_PKTINFO, Abi.IP_MULTICAST_IF, Abi.IP_MULTICAST_TTL,
            Abi.IP_MULTICAST_LOOP, Abi.IP_ADD_MEMBERSHIP, Abi.IP_DROP_MEMBERSHIP, Abi.IP_MULTICAST_ALL})
                .containsExactly(0, 2, 8, 32, 33, 34, 35, 36, 49);
        assertThat(new int[] {Abi.SOL_IPV6, Abi.IPV6_CHECKSUM, Abi.IPV6_UNICAST_HOPS, Abi.IPV6_MULTICAST_IF,
            Abi.IPV6_MULTICAST_HOPS, Abi.IPV6_MULTICAST_LOOP, Abi.IPV6_ADD_MEMBERSHIP, Abi.IPV6_DROP_MEMBERSHIP,
            Abi.IPV6_MULTICAST_ALL, Abi.IPV6_RECVPKTINFO, Abi.IPV6_PKTINFO, Abi.IPV6_RECVHOPLIMIT, Abi.IPV6_HOPLIMIT})
                .containsExactly(41, 7, 16, 17, 18, 19, 20, 21, 29, 49, 50, 51, 52);
        assertThat(new int[] {Abi.SOL_NETLINK, Abi.NETLINK_EXT_ACK}).containsExactly(270, 11);
        assertThat(new int[] {Abi.MSG_CTRUNC, Abi.MSG_TRUNC, Abi.MSG_DONTWAIT}).containsExactly(8, 32, 64);
        assertThat(new int[] {Abi.POLLIN, Abi.POLLERR, Abi.POLLHUP, Abi.POLLNVAL}).containsExactly(1, 8, 16, 32);
        assertThat(new int[] {Abi.EFD_CLOEXEC, Abi.EFD_NONBLOCK, Abi.O_RDONLY, Abi.O_CLOEXEC, Abi.CLONE_NEWNET})
                .containsExactly(524288, 2048, 0, 524288, 1073741824);
        assertThat(new int[] {Abi.ETH_P_IP, Abi.ETH_P_ARP, Abi.ETH_P_IPV6, Abi.IFNAMSIZ})
                .containsExactly(2048, 2054, 34525, 16);
        assertThat(new int[] {NetlinkMessages.NLMSG_NOOP, NetlinkMessages.NLMSG_ERROR, NetlinkMessages.NLMSG_DONE,
            NetlinkMessages.NLM_F_REQUEST, NetlinkMessages.NLM_F_MULTI, NetlinkMessages.NLM_F_ACK,
            NetlinkMessages.NLM_F_DUMP, NetlinkMessages.NLM_F_CREATE, NetlinkMessages.NLM_F_EXCL,
            NetlinkMessages.NLM_F_DUMP_INTR, NetlinkMessages.NLM_F_CAPPED, NetlinkMessages.NLM_F_ACK_TLVS})
                .containsExactly(1, 2, 3, 1, 2, 4, 768, 1024, 512, 16, 256, 512);
        assertThat(new int[] {NetlinkMessages.RTM_NEWLINK, NetlinkMessages.RTM_DELLINK, NetlinkMessages.RTM_GETLINK,
            NetlinkMessages.RTM_NEWADDR, NetlinkMessages.RTM_DELADDR, NetlinkMessages.RTM_GETADDR,
            NetlinkMessages.RTMGRP_LINK}).containsExactly(16, 17, 18, 20, 21, 22, 1);
        assertThat(new int[] {NetlinkMessages.IFA_ADDRESS, NetlinkMessages.IFA_LOCAL, NetlinkMessages.IFA_LABEL,
            NetlinkMessages.IFA_FLAGS, NetlinkMessages.IFLA_ADDRESS, NetlinkMessages.IFLA_IFNAME,
            NetlinkMessages.IFLA_MTU, NetlinkMessages.IFLA_OPERSTATE}).containsExactly(1, 2, 3, 8, 1, 3, 4, 16);
        assertThat(new int[] {AssignedAddress.IFA_F_SECONDARY, AssignedAddress.IFA_F_NODAD,
            AssignedAddress.IFA_F_OPTIMISTIC, AssignedAddress.IFA_F_DADFAILED, AssignedAddress.IFA_F_DEPRECATED,
            AssignedAddress.IFA_F_TENTATIVE, AssignedAddress.IFA_F_PERMANENT})
                .containsExactly(1, 2, 4, 8, 32, 64, 128);
        assertThat(new int[] {Link.IFF_UP, Link.IFF_LOOPBACK, Link.IFF_RUNNING, Link.IFF_MULTICAST,
            Link.IFF_LOWER_UP}).containsExactly(1, 8, 64, 4096, 65536);
        assertThat(OperState.of(6)).isEqualTo(OperState.UP);
        assertThat(OperState.of(3)).isEqualTo(OperState.LOWER_LAYER_DOWN);
        assertThat(OperState.of(2)).isEqualTo(OperState.DOWN);
        assertThat(OperState.of(99)).isEqualTo(OperState.UNKNOWN);
        assertThat(new int[] {Errno.EEXIST, Errno.EADDRNOTAVAIL, Errno.ENOBUFS, Errno.EAGAIN, Errno.EINTR,
            Errno.ENODEV, Errno.EPERM, Errno.ENOPROTOOPT}).containsExactly(17, 99, 105, 11, 4, 19, 1, 92);
    }

    @Test
    void udpAndIcmpNumbersAreTheHeaders() {
        // Printed by the same kind of probe: <sys/socket.h>, <netinet/in.h>, <linux/icmp.h> (gcc, glibc 2.36).
        assertThat(new int[] {Abi.SOCK_DGRAM, Abi.IPPROTO_ICMP, Abi.IPPROTO_UDP}).containsExactly(2, 1, 17);
        assertThat(new int[] {Abi.SO_REUSEADDR, Abi.SO_BROADCAST}).containsExactly(2, 6);
        assertThat(new int[] {Abi.SOL_RAW, Abi.ICMP_FILTER}).containsExactly(255, 1);
        assertThat(Abi.MMSGHDR_SIZE).as("sizeof(struct mmsghdr)").isEqualTo(64);
        assertThat(Abi.MMSG_LEN).as("offsetof(struct mmsghdr, msg_len)").isEqualTo(56);
    }
}
