import { render } from 'preact'
import { App } from './shell/App'
import { applyStoredTheme } from './shell/theme'
import 'uplot/dist/uPlot.min.css'
import './styles.css'

applyStoredTheme()
render(<App />, document.getElementById('app') as HTMLElement)
