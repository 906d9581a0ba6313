// The one way the UI talks to the server: adds the token, normalises every failure
// into an ApiError whose message is Chinese and says what to fix.

/**
 * The `errors` of a 400 answer, as the client sorts them: a form field or a spreadsheet row
 * with what is wrong there. (The server's error body has no schema in the OpenAPI document.)
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface RowError {
  row: number;
  message: string;
}

const TOKEN_KEY = 'gnm.accessToken';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

const STATUS_TEXT: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '要找的内容不存在或已被删除',
  409: '操作与当前数据状态冲突，请刷新后重试',
  413: '上传的文件太大',
  429: '操作过于频繁，请稍后再试',
  500: '服务器出错，请稍后再试或联系管理员',
  502: '服务器暂时不可用，请稍后再试',
  503: '服务器暂时不可用，请稍后再试',
};

const HAS_CJK = /[\u3400-\u9fff]/;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly rowErrors: RowError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns anything thrown into something a person can read in Chinese. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && HAS_CJK.test(err.message)) return err.message;
  return '操作失败，请稍后再试';
}

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? STATUS_TEXT[500] : `请求失败（${status}）`);
}

/** Builds the Chinese message for a failed response from its parsed body (if any). */
function toApiError(status: number, body: unknown): ApiError {
  const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = data.message;
  let message = Array.isArray(raw) ? raw.filter((m) => typeof m === 'string').join('；') : typeof raw === 'string' ? raw : '';
  if (!message || !HAS_CJK.test(message)) {
    // Always Chinese for the person; keep a non-Chinese server text as detail.
    message = message ? `${statusText(status)}（${message}）` : statusText(status);
  }
  const fieldErrors: FieldError[] = [];
  const rowErrors: RowError[] = [];
  if (Array.isArray(data.errors)) {
    for (const e of data.errors as Record<string, unknown>[]) {
      if (!e || typeof e.message !== 'string') continue;
      if (typeof e.field === 'string') fieldErrors.push({ field: e.field, message: e.message });
      else if (typeof e.row === 'number' || typeof e.row === 'string') rowErrors.push({ row: Number(e.row), message: e.message });
    }
  }
  return new ApiError(status, message, fieldErrors, rowErrors);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body, or FormData for uploads. */
  body?: unknown;
  /** Return the response as a Blob (downloads). */
  blob?: boolean;
  /** Do not treat 401 as "session expired" (the login call itself). */
  skipAuthRedirect?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 outside login: the app clears the session and shows 登录. */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, STATUS_TEXT[0]);
  }

  if (!response.ok) {
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // not JSON (proxy error page etc.): the status text will do
    }
    const error = toApiError(response.status, parsed);
    if (response.status === 401 && !options.skipAuthRedirect) unauthorizedHandler?.();
    throw error;
  }

  if (options.blob) return (await response.blob()) as T;
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, '服务器返回了无法识别的内容，请稍后再试');
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File, field = 'file') => {
    const form = new FormData();
    form.append(field, file);
    return request<T>('POST', path, { body: form });
  },
  /** Fetches a file with the Bearer header and hands it to the browser as a download. */
  download: async (path: string, filename: string) => {
    const blob = await request<Blob>('GET', path, { blob: true });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
