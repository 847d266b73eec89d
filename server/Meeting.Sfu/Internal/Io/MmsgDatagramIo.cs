using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Meeting.Sfu.Internal.Io;

/// <summary>
/// recvmmsg(2) and sendmmsg(2) on 64-bit Linux: one system call per batch instead of one per datagram,
/// which is most of what forwarding costs on loopback (one packet in becomes N packets out). The
/// message headers, I/O vectors and address storage live in native memory laid out once; they point at
/// the pinned slot buffers of <see cref="DatagramIo"/>.
/// </summary>
internal sealed unsafe class MmsgDatagramIo : DatagramIo
{
    // struct mmsghdr on LP64 Linux: msghdr (56 bytes) + msg_len (4) + padding.
    private const int HeaderSize = 64;
    private const int NameOffset = 0;
    private const int NameLengthOffset = 8;
    private const int IovOffset = 16;
    private const int IovLengthOffset = 24;
    private const int FlagsOffset = 48;
    private const int MessageLengthOffset = 56;
    private const int IovSize = 16;
    // Room for a sockaddr_in6 (28 bytes).
    private const int NameSize = 32;

    private const int MsgDontWait = 0x40;
    private const int MsgTrunc = 0x20;
    private const int EIntr = 4;
    private const int EAgain = 11;
    private const int EConnRefused = 111;

    private readonly int _fd;
    private readonly byte* _receive;
    private readonly byte* _send;
    private bool _handleHeld;

    public MmsgDatagramIo(Socket socket, int batchSize, int sendSlots)
        : base(socket, batchSize, sendSlots)
    {
        // Held until this object is disposed, so the descriptor number cannot be closed (and reused by
        // another socket) under a batch call.
        socket.SafeHandle.DangerousAddRef(ref _handleHeld);
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _receive = Layout(batchSize, ReceivedBuffer);
        _send = Layout(sendSlots, SendBuffer);
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public override int Receive()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            var header = _receive + i * HeaderSize;
            *(uint*)(header + NameLengthOffset) = NameSize;
            *(int*)(header + FlagsOffset) = 0;
        }

        // A pending ICMP error (a peer that went away) is reported instead of data once; try again.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var count = RecvMmsg(_fd, _receive, (uint)BatchSize, MsgDontWait, null);
            if (count >= 0)
            {
                for (var i = 0; i < count; i++)
                {
                    var header = _receive + i * HeaderSize;
                    var truncated = (*(int*)(header + FlagsOffset) & MsgTrunc) != 0;
                    ReceiveLengths[i] = truncated ? -1 : (int)*(uint*)(header + MessageLengthOffset);
                }

                return count;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error is not (EConnRefused or EIntr))
            {
                return 0;
            }
        }

        return 0;
    }

    public override void ReceivedAddress(int index, SocketAddress address)
    {
        var header = _receive + index * HeaderSize;
        var length = (int)*(uint*)(header + NameLengthOffset);
        address.Size = Math.Min(length, address.Buffer.Length);
        new ReadOnlySpan<byte>(*(byte**)(header + NameOffset), address.Size).CopyTo(address.Buffer.Span);
    }

    public override SendResult Flush()
    {
        var result = default(SendResult);
        var next = 0;
        while (next < Pending)
        {
            var sent = SendMmsg(_fd, _send + next * HeaderSize, (uint)(Pending - next), 0);
            if (sent > 0)
            {
                for (var i = next; i < next + sent; i++)
                {
                    result = result with { Bytes = result.Bytes + SendLengths[i] };
                }

                result = result with { Sent = result.Sent + sent };
                next += sent;
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == EIntr)
            {
                continue;
            }

            // The datagram at the head was refused (a full buffer, a pending ICMP error): skip it.
            result = result with { Failed = result.Failed + 1, LastError = error == EAgain ? SocketError.WouldBlock : SocketError.SocketError };
            next++;
        }

        Pending = 0;
        return result;
    }

    public override void Dispose()
    {
        NativeMemory.Free(_receive);
        NativeMemory.Free(_send);
        if (_handleHeld)
        {
            _handleHeld = false;
            Socket.SafeHandle.DangerousRelease();
        }
    }

    protected override void StoreAddress(int index, SocketAddress to)
    {
        var header = _send + index * HeaderSize;
        var length = Math.Min(to.Size, NameSize);
        to.Buffer.Span[..length].CopyTo(new Span<byte>(*(byte**)(header + NameOffset), NameSize));
        *(uint*)(header + NameLengthOffset) = (uint)length;
        *(nuint*)(*(byte**)(header + IovOffset) + 8) = (nuint)SendLengths[index];
    }

    private static byte* Layout(int count, Func<int, byte[]> buffer)
    {
        // Headers, then I/O vectors, then address storage, in one block freed on dispose.
        var block = (byte*)NativeMemory.AllocZeroed((nuint)(count * (HeaderSize + IovSize + NameSize)));
        var iovs = block + count * HeaderSize;
        var names = iovs + count * IovSize;
        for (var i = 0; i < count; i++)
        {
            var header = block + i * HeaderSize;
            var iov = iovs + i * IovSize;
            *(byte**)(header + NameOffset) = names + i * NameSize;
            *(uint*)(header + NameLengthOffset) = NameSize;
            *(byte**)(header + IovOffset) = iov;
            *(nuint*)(header + IovLengthOffset) = 1;
            // Pinned for the process's life (GC.AllocateArray pinned), so the address stays valid.
            *(byte**)iov = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(buffer(i), 0);
            *(nuint*)(iov + 8) = MaxDatagram;
        }

        return block;
    }

    [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static extern int RecvMmsg(int fd, byte* messages, uint count, int flags, void* timeout);

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static extern int SendMmsg(int fd, byte* messages, uint count, int flags);
}
