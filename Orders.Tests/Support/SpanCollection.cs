using System.Collections;
using System.Diagnostics;

namespace Orders.Tests.Support;

/// <summary>
/// Where the OpenTelemetry in-memory exporter puts the spans it is handed, safe to read while the service's threads
/// end more: every read is a copy.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace so far.</summary>
    public IReadOnlyList<Activity> OfTrace(ActivityTraceId traceId)
    {
        lock (_lock)
            return _spans.Where(s => s.TraceId == traceId).ToList();
    }

    /// <summary>Every span so far that matches.</summary>
    public IReadOnlyList<Activity> Matching(Func<Activity, bool> predicate)
    {
        lock (_lock)
            return _spans.Where(predicate).ToList();
    }

    public void Add(Activity item)
    {
        lock (_lock)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock)
            _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
            return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
            _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
            return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
            return _spans.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
