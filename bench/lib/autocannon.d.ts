// The part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request, context: Record<string, unknown>) => Request };
  type Options = { url: string; connections?: number; duration?: number; amount?: number; timeout?: number; requests?: Request[]; headers?: Record<string, string>; method?: string; body?: string };
  type Result = { requests: { average: number; total: number }; latency: { p50: number; p99: number; average: number }; non2xx: number; errors: number; timeouts: number; duration: number };
  type Instance = Promise<Result> & { on(event: 'response', fn: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void };
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
