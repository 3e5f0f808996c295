// A loopback HTTP/1.1 server for the download tests: 127.0.0.1 only, a free port, one connection per
// request, and it stops by itself after its lifetime even if a test run is abandoned. Loaded by
// New-LoopbackServer in tests/common.ps1.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NorskTest
{
    public sealed class Route
    {
        public byte[] Body = new byte[0];
        public int Status = 200;
        public string RedirectTo;
        public Dictionary<string, string> Headers = new Dictionary<string, string>();
        public bool SupportsRange = true;
        // Cut the connection once this fraction of the file has been sent, for the first CutTimes responses.
        public double CutAt = -1;
        public int CutTimes;
        // Send this fraction of the file, then hold the connection open without sending more.
        public double StallAt = -1;
        // Answer the first FailTimes requests with FailStatus.
        public int FailTimes;
        public int FailStatus = 503;
        // Bytes per second; 0 for as fast as possible.
        public int Throttle;
    }

    public sealed class Request
    {
        public string Method;
        public string Path;
        public string Range;
        public string UserAgent;
        public int Status;
        public long BytesSent;
    }

    public sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<string, Route> routes = new ConcurrentDictionary<string, Route>();
        private readonly ConcurrentQueue<Request> requests = new ConcurrentQueue<Request>();

        public LoopbackServer(TimeSpan lifetime)
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            stop.CancelAfter(lifetime);
            stop.Token.Register(() => listener.Stop());
            Task.Run(AcceptLoop);
        }

        public int Port { get; private set; }

        public string BaseUri { get { return "http://127.0.0.1:" + Port; } }

        public string Add(string path, Route route)
        {
            routes[path] = route;
            return BaseUri + path;
        }

        public Request[] RequestsFor(string path)
        {
            return requests.Where(r => r.Path == path).ToArray();
        }

        public void Dispose()
        {
            stop.Cancel();
        }

        private async Task AcceptLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(); }
                catch { return; }
                var ignored = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    var head = ReadHead(stream);
                    if (head == null) return;
                    string[] first = head[0].Split(' ');
                    string path = first[1].Split('?')[0];
                    var headers = head.Skip(1).Where(l => l.Contains(":"))
                        .ToDictionary(l => l.Substring(0, l.IndexOf(':')).Trim(), l => l.Substring(l.IndexOf(':') + 1).Trim(), StringComparer.OrdinalIgnoreCase);
                    var request = new Request { Method = first[0], Path = path };
                    string value;
                    if (headers.TryGetValue("Range", out value)) request.Range = value;
                    if (headers.TryGetValue("User-Agent", out value)) request.UserAgent = value;
                    requests.Enqueue(request);
                    await Respond(stream, client, path, request);
                }
                catch (IOException) { }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
        }

        private async Task Respond(NetworkStream stream, TcpClient client, string path, Request request)
        {
            Route route;
            if (!routes.TryGetValue(path, out route))
            {
                await WriteHead(stream, request, 404, "Not Found", new Dictionary<string, string> { { "X-Error-Message", "Entry not found" }, { "Content-Length", "0" } });
                return;
            }

            var extra = new Dictionary<string, string>(route.Headers);
            if (route.FailTimes > 0 && Interlocked.Decrement(ref route.FailTimes) >= 0)
            {
                extra["Content-Length"] = "0";
                extra["Retry-After"] = "1";
                await WriteHead(stream, request, route.FailStatus, "Failing on purpose", extra);
                return;
            }

            if (route.RedirectTo != null)
            {
                extra["Location"] = route.RedirectTo;
                extra["Content-Length"] = "0";
                await WriteHead(stream, request, 302, "Found", extra);
                return;
            }

            if (route.Status != 200)
            {
                extra["Content-Length"] = "0";
                await WriteHead(stream, request, route.Status, "Refused", extra);
                return;
            }

            long length = route.Body.Length;
            long start = 0;
            int status = 200;
            if (route.SupportsRange && request.Range != null && request.Range.StartsWith("bytes=") && request.Range.EndsWith("-"))
            {
                start = long.Parse(request.Range.Substring(6, request.Range.Length - 7));
                if (start >= length)
                {
                    extra["Content-Range"] = "bytes */" + length;
                    extra["Content-Length"] = "0";
                    await WriteHead(stream, request, 416, "Range Not Satisfiable", extra);
                    return;
                }

                status = 206;
                extra["Content-Range"] = "bytes " + start + "-" + (length - 1) + "/" + length;
            }

            extra["Content-Length"] = (length - start).ToString();
            extra["Accept-Ranges"] = route.SupportsRange ? "bytes" : "none";
            await WriteHead(stream, request, status, status == 206 ? "Partial Content" : "OK", extra);

            long end = length;
            bool cut = route.CutAt >= 0 && route.CutTimes > 0 && Interlocked.Decrement(ref route.CutTimes) >= 0;
            if (cut) end = Math.Max(start, (long)(length * route.CutAt));
            bool stall = route.StallAt >= 0;
            if (stall) end = Math.Max(start, (long)(length * route.StallAt));

            int chunk = route.Throttle > 0 ? Math.Max(1, route.Throttle / 20) : 64 * 1024;
            for (long at = start; at < end; at += chunk)
            {
                int count = (int)Math.Min(chunk, end - at);
                await stream.WriteAsync(route.Body, (int)at, count, stop.Token);
                Interlocked.Add(ref request.BytesSent, count);
                if (route.Throttle > 0) await Task.Delay(50, stop.Token);
            }
            await stream.FlushAsync();

            if (stall)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(30), stop.Token); } catch (OperationCanceledException) { }
            }

            if (cut || stall)
            {
                // Close before Content-Length is reached, as when a connection dies. A FIN rather than a RST:
                // a RST could discard data still in flight, and the test needs to know what arrived.
                client.Client.Shutdown(SocketShutdown.Send);
                await Task.Delay(200);
                client.Client.Close();
            }
        }

        private static async Task WriteHead(NetworkStream stream, Request request, int status, string reason, Dictionary<string, string> headers)
        {
            request.Status = status;
            var text = new StringBuilder();
            text.Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
            foreach (var header in headers) text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            text.Append("Connection: close\r\n\r\n");
            byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
            await stream.WriteAsync(bytes, 0, bytes.Length);
        }

        private static List<string> ReadHead(NetworkStream stream)
        {
            var lines = new List<string>();
            var line = new StringBuilder();
            while (true)
            {
                int b = stream.ReadByte();
                if (b < 0) return null;
                if (b == '\n')
                {
                    string text = line.ToString().TrimEnd('\r');
                    if (text.Length == 0) return lines;
                    lines.Add(text);
                    line.Clear();
                }
                else
                {
                    line.Append((char)b);
                }
            }
        }
    }
}
