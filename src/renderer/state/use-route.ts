import { useEffect, useState } from 'react';

/** The screens, addressed by the hash so a reload keeps the place (works from file:// too). */
/** Where the queue opens from the home page: its held or failing changes, or its photo uploads. */
export type QueueFocus = 'attention' | 'photos';

export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'schools'; readonly schoolId?: string; readonly teacherId?: string }
  | { readonly screen: 'visits' }
  | { readonly screen: 'visit'; readonly visitId: string }
  | { readonly screen: 'queue'; readonly show?: QueueFocus }
  | { readonly screen: 'conflicts'; readonly conflictId?: string }
  | { readonly screen: 'photos' }
  | { readonly screen: 'reports' }
  | { readonly screen: 'settings' };

export function parseRoute(hash: string): Route {
  const [screen, id, sub, subId] = hash.replace(/^#\/?/, '').split('/');
  switch (screen) {
    // The start page: what needs the officer today.
    case undefined:
    case '':
    case 'home':
      return { screen: 'home' };
    case 'visits':
      return { screen: 'visits' };
    case 'visit':
      return id ? { screen: 'visit', visitId: id } : { screen: 'visits' };
    case 'queue':
      return id === 'attention' || id === 'photos' ? { screen: 'queue', show: id } : { screen: 'queue' };
    case 'conflicts':
      return id ? { screen: 'conflicts', conflictId: id } : { screen: 'conflicts' };
    case 'photos':
      return { screen: 'photos' };
    case 'reports':
      return { screen: 'reports' };
    case 'settings':
      return { screen: 'settings' };
    default:
      if (!id) return { screen: 'schools' };
      return sub === 'teacher' && subId
        ? { screen: 'schools', schoolId: id, teacherId: subId }
        : { screen: 'schools', schoolId: id };
  }
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'schools':
      if (!route.schoolId) return '#/schools';
      return route.teacherId ? `#/schools/${route.schoolId}/teacher/${route.teacherId}` : `#/schools/${route.schoolId}`;
    case 'visit':
      return `#/visit/${route.visitId}`;
    case 'queue':
      return route.show ? `#/queue/${route.show}` : '#/queue';
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
