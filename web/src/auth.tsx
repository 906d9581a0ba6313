// Who is logged in. The token lives in localStorage; a 401 anywhere ends the session.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { App } from 'antd';
import { api, ApiError, errorMessage, onUnauthorized, tokenStore } from './api/client';
import type { LoginView, UserView } from './api/schema';
import { FullPageSpin } from './components/FullPageSpin';

interface AuthState {
  user: UserView | null;
  /** True while the stored token is being checked at start. */
  checking: boolean;
  login: (username: string, password: string) => Promise<UserView>;
  logout: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserView | null>(null);
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);
  const { message } = App.useApp();

  const logout = useCallback(() => {
    tokenStore.clear();
    setUser(null);
  }, []);

  useEffect(() => {
    onUnauthorized(logout);
    if (!tokenStore.get()) return;
    api
      .get<UserView>('/auth/me')
      .then(setUser)
      .catch((err: unknown) => {
        // A 401 has already ended the session; anything else is said, and the token kept
        // so that a reload works once the server is reachable again.
        if (!(err instanceof ApiError && err.status === 401)) message.error(`无法确认登录状态：${errorMessage(err)}`);
      })
      .finally(() => setChecking(false));
  }, [logout, message]);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.post<LoginView>('/auth/login', { username, password }, { skipAuthRedirect: true });
    tokenStore.set(result.accessToken);
    setUser(result.user);
    return result.user;
  }, []);

  const value = useMemo(() => ({ user, checking, login, logout }), [user, checking, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The logged-in user; only for components under <RequireAuth>. */
export function useCurrentUser(): UserView {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a user');
  return user;
}

/** Sends visitors who are not logged in to 登录, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <FullPageSpin />;
  if (!user) {
    const target = location.pathname + location.search;
    const search = target && target !== '/' ? `?redirect=${encodeURIComponent(target)}` : '';
    return <Navigate to={`/login${search}`} replace />;
  }
  return <>{children}</>;
}
