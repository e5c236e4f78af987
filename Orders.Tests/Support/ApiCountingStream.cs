using System.Net.Http.Headers;

namespace Orders.Tests.Support;

/// <summary>
/// A request body of unknown length (sent chunked) that counts how much of it was read, so a test can
/// tell that the API stopped reading at its limit.
/// </summary>
public sealed class ApiCountingStream : Stream
{
    private readonly byte[] _content;
    private readonly bool _endless;
    private long _position;

    public ApiCountingStream(byte[] content) : this(content, endless: false) { }

    private ApiCountingStream(byte[] content, bool endless)
    {
        _content = content;
        _endless = endless;
    }

    /// <summary>A body of 1 GiB, as good as endless: a JSON object opened and then the given byte.</summary>
    public static ApiCountingStream Endless(byte filler) => new([filler], endless: true);

    private const long EndlessLength = 1L << 30;

    public long BytesRead => Interlocked.Read(ref _position);

    public HttpContent AsJsonContent()
    {
        var content = new StreamContent(this);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = 0;
        while (count < buffer.Length)
        {
            var position = BytesRead;
            if (position >= (_endless ? EndlessLength : _content.Length))
                break;
            buffer[count++] = _endless ? (position == 0 ? (byte)'{' : _content[0]) : _content[position];
            Interlocked.Increment(ref _position);
        }
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
