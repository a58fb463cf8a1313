// Entry of the sim app; its parts are being built (issue 6).
import './style.css';

const app = document.getElementById('app');
if (app) app.textContent = document.title;
