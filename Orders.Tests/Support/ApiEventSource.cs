using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Orders.Tests.Support;

/// <summary>One frame of a Server-Sent Events stream: an event (id and data) or a comment such as ": keep-alive".</summary>
public sealed record ServerSentFrame(string? Id, string? Data, string? Comment)
{
    public bool IsEvent => Data is not null;

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Data ?? throw new InvalidOperationException("A comment has no data"));
            return document.RootElement.Clone();
        }
    }

    public long EventId => long.Parse(Id!, NumberStyles.None, CultureInfo.InvariantCulture);

    public string? State => Json.Text("state");

    public override string ToString() => IsEvent ? $"[{Id}] {Data}" : $": {Comment}";
}

/// <summary>
/// A client of a text/event-stream endpoint that reads frame by frame as the server flushes them, with the identity
/// headers the gateway would add. A refused request (any answer but 200) is read whole into <see cref="Refusal"/>.
/// </summary>
public sealed class ApiEventSource : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader? _reader;

    private ApiEventSource(HttpResponseMessage response, StreamReader? reader, ApiResponse? refusal)
    {
        _response = response;
        _reader = reader;
        Refusal = refusal;
    }

    public HttpStatusCode Status => _response.StatusCode;
    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;
    public string? CacheControl => _response.Headers.CacheControl?.ToString();

    /// <summary>The whole answer when the stream was not opened (404, 400, 204, 401...).</summary>
    public ApiResponse? Refusal { get; }

    /// <summary>Opens GET <paramref name="path"/> as <paramref name="caller"/>'s user, with more headers when given.</summary>
    public static Task<ApiEventSource> OpenAsync(HttpClient http, string path, ApiCaller caller, string? lastEventId = null) =>
        OpenAsync(http, path, Identity(caller, lastEventId));

    public static async Task<ApiEventSource> OpenAsync(HttpClient http, string path, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);

        using var opening = new CancellationTokenSource(DefaultTimeout);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            return new ApiEventSource(response, null, await ApiCaller.ReadAsync(response));
        var body = await response.Content.ReadAsStreamAsync(opening.Token);
        return new ApiEventSource(response, new StreamReader(body, Encoding.UTF8), null);
    }

    public static Dictionary<string, string> Identity(ApiCaller caller, string? lastEventId = null)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-UserId"] = caller.UserId.ToString(CultureInfo.InvariantCulture),
            ["X-Email"] = caller.Email,
        };
        if (lastEventId is not null)
            headers["Last-Event-ID"] = lastEventId;
        return headers;
    }

    /// <summary>The next frame, or null when the server ended the stream; fails when none comes within the timeout.</summary>
    public async Task<ServerSentFrame?> NextAsync(TimeSpan? timeout = null)
    {
        var reader = _reader ?? throw new InvalidOperationException($"The stream was not opened: {Refusal}");
        var wait = timeout ?? DefaultTimeout;
        using var waiting = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        string? id = null, comment = null;
        StringBuilder? data = null;
        try
        {
            while (await reader.ReadLineAsync(waiting.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null || comment is not null)
                        return new ServerSentFrame(id, data?.ToString(), comment);
                    continue;
                }
                if (line.StartsWith(':'))
                    comment = line[1..].TrimStart();
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                    id = line[3..].TrimStart();
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                    (data ??= new StringBuilder()).Append(data.Length > 0 ? "\n" : "").Append(line[5..].TrimStart());
            }
            return null;
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            Assert.Fail($"No frame arrived within {wait.TotalSeconds:0.###} s");
            throw;
        }
    }

    /// <summary>The events (comments skipped) until the server ends the stream; fails when it does not end within the timeout.</summary>
    public async Task<IReadOnlyList<ServerSentFrame>> ReadEventsToEndAsync(TimeSpan? timeout = null)
    {
        var events = new List<ServerSentFrame>();
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (await NextAsync(deadline - DateTime.UtcNow) is { } frame)
        {
            if (frame.IsEvent)
                events.Add(frame);
        }
        return events;
    }

    /// <summary>Reads frames until an event arrives, returning it with the comments read before it.</summary>
    public async Task<(ServerSentFrame? Event, IReadOnlyList<string> Comments)> NextEventAsync(TimeSpan? timeout = null)
    {
        var comments = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (await NextAsync(deadline - DateTime.UtcNow) is { } frame)
        {
            if (frame.IsEvent)
                return (frame, comments);
            comments.Add(frame.Comment!);
        }
        return (null, comments);
    }

    /// <summary>Closes the connection, as a browser does when the page goes away.</summary>
    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
