import { useEffect, useState } from 'react';

/** The screens, addressed by the hash so a reload keeps the place (works from file:// too). */
export type Route =
  | { readonly screen: 'schools'; readonly schoolId?: string }
  | { readonly screen: 'visits' }
  | { readonly screen: 'visit'; readonly visitId: string }
  | { readonly screen: 'queue' }
  | { readonly screen: 'conflicts'; readonly conflictId?: string }
  | { readonly screen: 'photos' }
  | { readonly screen: 'reports' }
  | { readonly screen: 'settings' };

export function parseRoute(hash: string): Route {
  const [screen, id] = hash.replace(/^#\/?/, '').split('/');
  switch (screen) {
    case 'visits':
      return { screen: 'visits' };
    case 'visit':
      return id ? { screen: 'visit', visitId: id } : { screen: 'visits' };
    case 'queue':
      return { screen: 'queue' };
    case 'conflicts':
      return id ? { screen: 'conflicts', conflictId: id } : { screen: 'conflicts' };
    case 'photos':
      return { screen: 'photos' };
    case 'reports':
      return { screen: 'reports' };
    case 'settings':
      return { screen: 'settings' };
    default:
      return id ? { screen: 'schools', schoolId: id } : { screen: 'schools' };
  }
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'schools':
      return route.schoolId ? `#/schools/${route.schoolId}` : '#/schools';
    case 'visit':
      return `#/visit/${route.visitId}`;
    case 'conflicts':
      return route.conflictId ? `#/conflicts/${route.conflictId}` : '#/conflicts';
    default:
      return `#/${route.screen}`;
  }
}

/** Navigates by setting the hash; the back button works. */
export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
