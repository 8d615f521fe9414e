package io.edgeplane.core.os.net;

/**
 * The numbers of the Linux ABI (x86_64 and aarch64, LP64 glibc) this package passes to the kernel: address families,
 * socket options, flags and struct offsets. Each was printed by a C probe compiled against this machine's
 * {@code <sys/socket.h>}, {@code <netinet/in.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/if_packet.h>},
 * {@code <linux/icmp.h>}, {@code <poll.h>} and {@code <sys/eventfd.h>}; {@code AbiTest} repeats the values it printed.
 */
final class Abi {

    // <sys/socket.h>
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_BROADCAST = 6;
    static final int SO_RCVBUF = 8;
    static final int SO_BINDTODEVICE = 25;
    static final int MSG_CTRUNC = 0x08;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    // <netinet/in.h>: IPv4
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_UDP = 17;
    static final int SOL_IP = 0;
    static final int IP_TTL = 2;
    static final int IP_PKTINFO = 8;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int IP_DROP_MEMBERSHIP = 36;
    static final int IP_MULTICAST_ALL = 49;

    // <linux/icmp.h>: a raw ICMP socket's filter of the types it does not want
    static final int SOL_RAW = 255;
    static final int ICMP_FILTER = 1;

    // <netinet/in.h>: IPv6
    static final int SOL_IPV6 = 41;
    static final int IPV6_CHECKSUM = 7;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_ADD_MEMBERSHIP = 20;
    static final int IPV6_DROP_MEMBERSHIP = 21;
    static final int IPV6_MULTICAST_ALL = 29;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;

    // <linux/netlink.h>
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_EXT_ACK = 11;

    // <linux/if_ether.h>
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_ARP = 0x0806;
    static final int ETH_P_IPV6 = 0x86DD;

    // <poll.h>, <sys/eventfd.h>, <fcntl.h>, <sched.h>
    static final short POLLIN = 0x01;
    static final short POLLERR = 0x08;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    /** {@code IFNAMSIZ}: an interface name and its NUL. */
    static final int IFNAMSIZ = 16;

    // struct sockaddr_in (16 bytes), sockaddr_in6 (28), sockaddr_nl (12), sockaddr_ll (20)
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SIN_PORT = 2;
    static final int SIN_ADDR = 4;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SIN6_FLOWINFO = 4;
    static final int SIN6_ADDR = 8;
    static final int SIN6_SCOPE_ID = 24;
    static final int SOCKADDR_NL_SIZE = 12;
    static final int NL_PID = 4;
    static final int NL_GROUPS = 8;
    static final int SOCKADDR_LL_SIZE = 20;
    static final int SLL_PROTOCOL = 2;
    static final int SLL_IFINDEX = 4;
    static final int SLL_HATYPE = 8;
    static final int SLL_PKTTYPE = 10;
    static final int SLL_HALEN = 11;
    static final int SLL_ADDR = 12;
    /** The largest of the above, what a receive reserves for the sender's address. */
    static final int SOCKADDR_STORAGE_SIZE = 128;

    // struct ip_mreqn (12 bytes), struct ipv6_mreq (20)
    static final int IP_MREQN_SIZE = 12;
    static final int IMR_ADDRESS = 4;
    static final int IMR_IFINDEX = 8;
    static final int IPV6_MREQ_SIZE = 20;
    static final int IPV6MR_INTERFACE = 16;

    // struct msghdr (56 bytes), struct iovec (16), struct cmsghdr (16, data 8-aligned)
    static final int MSGHDR_SIZE = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    /** {@code struct mmsghdr} (64 bytes): a msghdr, then {@code msg_len}, padded to 8. */
    static final int MMSGHDR_SIZE = 64;
    static final int MMSG_LEN = 56;
    static final int IOVEC_SIZE = 16;
    static final int IOV_LEN = 8;
    static final int CMSGHDR_SIZE = 16;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    /** {@code CMSG_ALIGN}: control messages start on 8-byte boundaries ({@code sizeof(size_t)}). */
    static final int CMSG_ALIGNMENT = 8;

    // struct in_pktinfo (12 bytes), struct in6_pktinfo (20)
    static final int IPI_IFINDEX = 0;
    static final int IPI_ADDR = 8;
    static final int IN_PKTINFO_SIZE = 12;
    static final int IPI6_ADDR = 0;
    static final int IPI6_IFINDEX = 16;
    static final int IN6_PKTINFO_SIZE = 20;

    // struct pollfd (8 bytes)
    static final int POLLFD_SIZE = 8;
    static final int POLL_EVENTS = 4;
    static final int POLL_REVENTS = 6;

    private Abi() {
    }

    /** {@code CMSG_ALIGN(n)}. */
    static int cmsgAlign(int n) {
        return (n + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }
}
