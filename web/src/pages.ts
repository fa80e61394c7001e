// Every page of the dashboard: its path, its title, and its entry in the navigation.
// A new page is one component file plus one line here.
import type { ComponentType } from 'preact'
import { AlertsPage } from './alerts/AlertsPage'
import { FleetPage } from './fleet/FleetPage'
import { MachinePage } from './machine/MachinePage'
import { OeePage } from './oee/OeePage'
import type { RouteMatch } from './shell/router'
import { WallPage } from './wall/WallPage'

export interface Page {
  path: string
  title: string
  /** The label in the navigation; pages reached through links only have none. */
  nav?: string
  /** Full screen, without the navigation (the shop-floor TV). */
  bare?: boolean
  component: ComponentType<RouteMatch>
}

export const PAGES: Page[] = [
  { path: '/', title: 'Fleet', nav: 'Fleet', component: FleetPage },
  { path: '/machines/:id', title: 'Machine', component: MachinePage },
  { path: '/alerts', title: 'Alerts', nav: 'Alerts', component: AlertsPage },
  { path: '/oee', title: 'OEE', nav: 'OEE', component: OeePage },
  { path: '/wall', title: 'Wall', nav: 'Wall mode', bare: true, component: WallPage },
]
